public import Foundation
public import Postgres

extension JobQueue {
    // Running under this owner but not among what it holds: a claim that committed while its
    // answer was lost. The claim counted an attempt the job never had, so it is given back.
    static let returnLostClaimsSQL = """
        UPDATE jobs SET state = 'available', attempt = jobs.attempt - 1, run_at = $3,
               lease_owner = NULL, lease_expires_at = NULL
        WHERE jobs.state = 'running' AND jobs.lease_owner = $4
          AND (jobs.partner_id, jobs.id) NOT IN (SELECT * FROM unnest($1::uuid[], $2::int8[]))
        """

    /// Returns to the queue, at once, the jobs leased to `owner` that it does not hold: those
    /// whose claim committed although the claimer never heard so.
    ///
    /// A COMMIT whose answer is lost (the server restarted or the connection broke after the
    /// commit record was flushed) leaves its jobs running under a lease nobody works on; the
    /// rescuer would return them only when the lease expires, minutes later. An owner that saw
    /// a round fail calls this, in the transaction of its next round, with every lease its
    /// workers hold, so the lost claims run now, without an attempt counted against them.
    /// Returns how many were returned.
    @discardableResult
    public static func returnLostClaims(owner: String, holding leases: [JobLease], now: Date,
                                        on connection: PostgresConnection) throws -> Int {
        let (partners, ids, _) = leases.columns
        let returned = try connection.execute(PostgresQuery(unsafeSQL: returnLostClaimsSQL, binds: [partners, ids, now, owner]))
        if returned > 0 { try connection.notify(channel: notificationChannel) }
        return returned
    }
}
