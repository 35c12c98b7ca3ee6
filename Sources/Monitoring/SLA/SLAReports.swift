public import Billing
public import Foundation
public import Postgres

/// Builds SLA reports from the rollups (never from the messages, except for the few failed ones
/// that explain an incident), so a month costs the same for a customer with a thousand messages
/// as for one with millions: about 31 day rows and 744 hour rows per flow.
public enum SLAReports {
    /// At most this many incidents are explained with causes (the rest keep their figures).
    public static let explainedIncidents = 20

    static let customerSQL = "SELECT name FROM customers WHERE partner_id = $1 AND id = $2"
    // Hours of the period, all flows together; histograms are added in SQL so Swift reads one
    // row per hour.
    static let hoursSQL = """
        SELECT bucket_start, sum(received)::int8, sum(delivered)::int8, sum(failed)::int8, sum(exception)::int8, sum(dead)::int8,
               sum(latency_sum_ms)::int8,
               (SELECT COALESCE(jsonb_object_agg(key, total), '{}')::text FROM (
                    SELECT key, sum(value::int8) AS total FROM unnest(array_agg(latency)) AS h (latency), jsonb_each_text(h.latency)
                    GROUP BY key) AS merged)
        FROM message_rollups
        WHERE partner_id = $1 AND customer_id = $2 AND environment_kind = 'production' AND grain = 'hour'
          AND bucket_start >= $3 AND bucket_start < $4
        GROUP BY bucket_start ORDER BY bucket_start
        """
    // The errors of the messages that failed for good in the window, most frequent first.
    static let failureCausesSQL = """
        SELECT COALESCE(error_text, status || ' without a recorded reason'), count(*) FROM messages
        WHERE partner_id = $1 AND customer_id = $2 AND status IN ('exception', 'dead') AND environment_kind = 'production'
          AND finished_at >= $3 AND finished_at < $4
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3
        """
    static let refusalCausesSQL = """
        SELECT reason, count(*) FROM ingress_refusals
        WHERE partner_id = $1 AND customer_id = $2 AND minute >= $3 AND minute < $4
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3
        """

    /// The customer's report for a calendar month (UTC), measured up to `now`.
    public static func month(_ month: BillingMonth, partnerID: UUID, customerID: UUID, now: Date,
                             on connection: PostgresConnection) throws -> SLAReport? {
        try report(partnerID: partnerID, customerID: customerID, from: month.firstDay, to: month.next.firstDay, now: now,
                   on: connection)
    }

    /// The customer's report for `[start, end)` (whole hours, UTC), measured up to `now`;
    /// nil when the customer is not the caller's to see.
    public static func report(partnerID: UUID, customerID: UUID, from start: Date, to end: Date, now: Date,
                              on connection: PostgresConnection) throws -> SLAReport? {
        guard start < end, RollupGrain.hour.floor(start) == start, RollupGrain.hour.floor(end) == end else {
            throw MeasurementError.invalidWindow("a report's period starts and ends on whole hours")
        }
        guard let name = try connection.query(PostgresQuery(unsafeSQL: customerSQL, binds: [partnerID, customerID])).first?
                .decode(String.self, at: 0),
              let targets = try SLATargets.forCustomer(partnerID: partnerID, customerID: customerID, periodStart: start,
                                                      on: connection) else { return nil }
        let scope = MeasurementScope(partnerID: partnerID, customerID: customerID)
        let byFlow = try MessageRollups.countsByFlow(scope, from: start, to: end, on: connection)
        let hourlyMinutes = try Availabilities.hourly(partnerID: partnerID, customerID: customerID, from: start, to: end,
                                                      now: now, on: connection)
        var hours: [Date: MessageCounts] = [:]
        for row in try connection.query(PostgresQuery(unsafeSQL: hoursSQL, binds: [partnerID, customerID, start, end])) {
            let (hour, received, delivered, failed, exception, dead, latencySum, latency) =
                try row.decode((Date, Int, Int, Int, Int, Int, Int, String).self)
            hours[hour] = MessageCounts(received: received, delivered: delivered, failed: failed, exception: exception,
                                        dead: dead, latencySumMilliseconds: latencySum,
                                        latency: try LatencyHistogram(rollupJSON: latency))
        }
        var availability = Availability(minutes: 0, platformDownMinutes: 0, refusedMinutes: 0)
        var minutesByHour: [Date: Availability] = [:]
        for (hour, minutes) in hourlyMinutes {
            availability.add(minutes)
            minutesByHour[hour] = minutes
        }
        var incidents = SLAIncident.find(hours: hours, availability: minutesByHour, targets: targets)
        for index in incidents.indices.prefix(explainedIncidents) {
            incidents[index].causes = try causes(of: incidents[index], partnerID: partnerID, customerID: customerID,
                                                 on: connection)
        }
        return SLAReport(customerID: customerID, customerName: name, start: start, end: end, measuredAt: now,
                         targets: targets, counts: byFlow.values.reduce(into: .zero) { $0.add($1) }, countsByFlow: byFlow,
                         availability: availability,
                         days: try MessageRollups.series(scope, grain: .day, from: start, to: end, on: connection),
                         incidents: incidents)
    }

    /// What went wrong in an incident: the failed messages' reasons, the platform's own refusals
    /// and the minutes it was down. Old incidents of a tier with short retention may have lost
    /// their messages; their figures stay, their message causes do not.
    static func causes(of incident: SLAIncident, partnerID: UUID, customerID: UUID,
                       on connection: PostgresConnection) throws -> [SLACause] {
        let binds: [any PostgresEncodable] = [partnerID, customerID, incident.start, incident.end]
        var causes = try connection.query(PostgresQuery(unsafeSQL: failureCausesSQL, binds: binds)).decode((String, Int).self)
            .map { SLACause(text: $0.0, count: $0.1) }
        causes += try connection.query(PostgresQuery(unsafeSQL: refusalCausesSQL, binds: binds)).decode((String, Int).self)
            .map { SLACause(text: "Deliveries refused by the platform: \($0.0)", count: $0.1) }
        if incident.availability.platformDownMinutes > 0 {
            causes.append(SLACause(text: "The platform was not running (no heartbeat)", count: incident.availability.platformDownMinutes))
        }
        if incident.missed.contains(.latency), incident.counts.failed > 0 {
            causes.append(SLACause(text: "Attempts that failed and were retried (slower deliveries)", count: incident.counts.failed))
        }
        return causes.sorted { $0.count > $1.count }
    }
}
