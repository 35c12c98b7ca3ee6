public import Foundation
public import Postgres

/// Leader election by a lease row (`job_leader`), so one process runs maintenance (the rescuer,
/// the scheduler, the cleaner) however many run workers (river's elector).
///
/// The leader renews its row before it expires; any process may take a row whose lease has
/// expired. Time is the caller's `now`: a leader that stalls past its lease loses it, and the
/// duties it was doing are idempotent, so a brief overlap when a stalled leader wakes is harmless.
public enum JobLeader {
    /// The duty name maintenance is elected under.
    public static let maintenance = "maintenance"

    static let electSQL = """
        INSERT INTO job_leader AS l (name, leader_id, elected_at, expires_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (name) DO UPDATE
            SET leader_id = excluded.leader_id, expires_at = excluded.expires_at,
                elected_at = CASE WHEN l.leader_id = excluded.leader_id THEN l.elected_at ELSE excluded.elected_at END
            WHERE l.leader_id = excluded.leader_id OR l.expires_at <= excluded.elected_at
        RETURNING leader_id
        """

    /// Takes or renews the lead of `duty` for `candidate` until `until`; returns whether
    /// `candidate` leads now. Run in its own short transaction (platform scope).
    public static func elect(_ candidate: String, duty: String = maintenance, until: Date, now: Date,
                             on connection: PostgresConnection) throws -> Bool {
        try !connection.query(PostgresQuery(unsafeSQL: electSQL, binds: [duty, candidate, now, until])).isEmpty
    }

    /// Gives up the lead, so another process takes over at once instead of after expiry.
    public static func resign(_ candidate: String, duty: String = maintenance, on connection: PostgresConnection) throws {
        try connection.execute("DELETE FROM job_leader WHERE name = \(duty) AND leader_id = \(candidate)")
    }

    /// The current leader of `duty` at `now`, if its lease is live.
    public static func leader(of duty: String = maintenance, now: Date, on connection: PostgresConnection) throws -> String? {
        try connection.query("SELECT leader_id FROM job_leader WHERE name = \(duty) AND expires_at > \(now)")
            .first?.decode(String.self, at: 0)
    }
}
