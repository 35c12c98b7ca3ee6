public import Foundation
public import Postgres

/// How much of a window the platform was there for a customer (issue 7 §1, Migrations/0016): a
/// minute counts against availability when no web node or no worker node beat in it (the
/// platform was down: nothing could be accepted or processed), or when the platform refused one
/// of the customer's deliveries for its own reasons. Minutes before the customer existed and
/// minutes still to come are not counted. Read from the hourly summary of the heartbeats
/// (`platform_hours`), so a year costs 8,760 rows.
public struct Availability: Sendable, Hashable {
    /// Minutes counted.
    public var minutes: Int
    /// Minutes with no web or no worker heartbeat.
    public var platformDownMinutes: Int
    /// Minutes the platform was up but refused a delivery of the customer's.
    public var refusedMinutes: Int

    /// A window's availability.
    public init(minutes: Int, platformDownMinutes: Int, refusedMinutes: Int) {
        self.minutes = minutes
        self.platformDownMinutes = platformDownMinutes
        self.refusedMinutes = refusedMinutes
    }

    /// Minutes the customer could not be served.
    public var unavailableMinutes: Int { platformDownMinutes + refusedMinutes }

    /// Available minutes out of those counted, in percent (truncated to 3 places); nil when the
    /// window counts no minute.
    public var percent: Decimal? {
        guard minutes > 0 else { return nil }
        return MessageCounts.percent(minutes - unavailableMinutes, of: minutes)
    }

    /// Adds another window's minutes.
    public mutating func add(_ other: Availability) {
        minutes += other.minutes
        platformDownMinutes += other.platformDownMinutes
        refusedMinutes += other.refusedMinutes
    }
}

/// Reads and writes the facts availability stands on.
public enum Availabilities {
    /// Which part of the platform a node runs: `web` accepts, `worker` processes.
    public enum Role: String, Sendable, CaseIterable {
        case web, worker
    }

    static let beatSQL = """
        INSERT INTO platform_heartbeats (minute, role) VALUES (date_trunc('minute', $1::timestamptz, 'UTC'), $2)
        ON CONFLICT DO NOTHING
        """
    static let refusalSQL = """
        INSERT INTO ingress_refusals AS r (partner_id, customer_id, minute, refused, reason)
        VALUES ($1, $2, date_trunc('minute', $3::timestamptz, 'UTC'), $4, $5)
        ON CONFLICT (partner_id, customer_id, minute) DO UPDATE SET refused = r.refused + EXCLUDED.refused,
            reason = EXCLUDED.reason
        """
    // Per hour of the window: the minutes counted (the window cut to the customer's life and to
    // now), the minutes the platform was down (counted minus up, from the hourly summary), and
    // the refused minutes in which both roles beat. In the hour the customer was created the up
    // minutes are the whole hour's, capped at the minutes counted.
    static let hoursSQL = """
        WITH bounds AS (
            SELECT greatest($3::timestamptz, date_trunc('minute', c.created_at, 'UTC')) AS first_minute,
                   least($4::timestamptz, date_trunc('minute', $5::timestamptz, 'UTC')) AS end_minute
            FROM customers c WHERE c.partner_id = $1 AND c.id = $2
        ), hours AS (
            SELECT hour, extract(epoch FROM least(hour + interval '1 hour', end_minute) - greatest(hour, first_minute))::int / 60
                   AS counted
            FROM bounds, generate_series(date_trunc('hour', first_minute, 'UTC'), end_minute - interval '1 minute',
                                         interval '1 hour') AS hour
            WHERE first_minute < end_minute
        ), refused AS (
            SELECT date_trunc('hour', r.minute, 'UTC') AS hour, count(*) AS minutes
            FROM ingress_refusals r, bounds
            WHERE r.partner_id = $1 AND r.customer_id = $2 AND r.minute >= bounds.first_minute AND r.minute < bounds.end_minute
              AND (SELECT count(*) FROM platform_heartbeats h WHERE h.minute = r.minute) = 2
            GROUP BY 1
        )
        SELECT hours.hour, hours.counted, hours.counted - least(hours.counted, COALESCE(p.up_minutes, 0)),
               COALESCE(refused.minutes, 0)
        FROM hours LEFT JOIN platform_hours p USING (hour) LEFT JOIN refused USING (hour)
        ORDER BY 1
        """
    // The hours from `$1` on, summarised again from the heartbeats.
    static let summarizeSQL = """
        INSERT INTO platform_hours AS p (hour, up_minutes)
        SELECT date_trunc('hour', minute, 'UTC'), count(*) FROM (
            SELECT minute FROM platform_heartbeats WHERE minute >= date_trunc('hour', $1::timestamptz, 'UTC')
            GROUP BY minute HAVING count(*) = 2) AS up
        GROUP BY 1
        ON CONFLICT (hour) DO UPDATE SET up_minutes = EXCLUDED.up_minutes WHERE p.up_minutes <> EXCLUDED.up_minutes
        """

    /// Summarises the heartbeats of the hours from the one holding `since` into up minutes per
    /// hour, in the platform scope. The rollup job runs it every minute for the last two hours.
    public static func summarizeHeartbeats(since: Date, on connection: PostgresConnection) throws {
        _ = try connection.execute(PostgresQuery(unsafeSQL: summarizeSQL, binds: [since]))
    }

    /// Records that this node was up in the minute of `now` (idempotent), in the platform scope.
    public static func beat(_ role: Role, at now: Date, on connection: PostgresConnection) throws {
        _ = try connection.execute(PostgresQuery(unsafeSQL: beatSQL, binds: [now, role.rawValue]))
    }

    /// Records `count` deliveries of the customer's refused in the minute of `at` because of
    /// the platform (not the sender), in the platform scope.
    public static func recordRefusals(_ count: Int, partnerID: UUID, customerID: UUID, at: Date, reason: String,
                                      on connection: PostgresConnection) throws {
        _ = try connection.execute(PostgresQuery(unsafeSQL: refusalSQL, binds: [
            partnerID, customerID, at, count, String(reason.prefix(400)),
        ]))
    }

    /// The customer's availability in `[start, end)` (whole minutes), hour by hour; minutes
    /// from `now` on are not counted. An hour appears only when it counts a minute.
    public static func hourly(partnerID: UUID, customerID: UUID, from start: Date, to end: Date, now: Date,
                              on connection: PostgresConnection) throws -> [(hour: Date, availability: Availability)] {
        try connection.query(PostgresQuery(unsafeSQL: hoursSQL, binds: [partnerID, customerID, start, end, now]))
            .decode((Date, Int, Int, Int).self)
            .map { ($0.0, Availability(minutes: $0.1, platformDownMinutes: $0.2, refusedMinutes: $0.3)) }
    }

    /// The customer's availability in `[start, end)`, all hours together.
    public static func over(partnerID: UUID, customerID: UUID, from start: Date, to end: Date, now: Date,
                            on connection: PostgresConnection) throws -> Availability {
        try hourly(partnerID: partnerID, customerID: customerID, from: start, to: end, now: now, on: connection)
            .reduce(into: Availability(minutes: 0, platformDownMinutes: 0, refusedMinutes: 0)) { $0.add($1.availability) }
    }
}
