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
    // For each incident window (a JSON array of [start, end] pairs, numbered from 1): the errors of
    // the messages that failed for good in it, and the platform's refusals, three of each at most,
    // most frequent first. One statement for every window, whatever their number.
    static let windowsSQL = """
        WITH windows AS (
            SELECT n, (w ->> 0)::timestamptz AS start_at, (w ->> 1)::timestamptz AS end_at
            FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS x (w, n)
        ), failures AS (
            SELECT w.n, COALESCE(m.error_text, m.status || ' without a recorded reason') AS text, count(*) AS count
            FROM windows w JOIN messages m ON m.partner_id = $1 AND m.customer_id = $2 AND m.status IN ('exception', 'dead')
                 AND m.environment_kind = 'production' AND m.finished_at >= w.start_at AND m.finished_at < w.end_at
            GROUP BY 1, 2
        ), refusals AS (
            SELECT w.n, 'Deliveries refused by the platform: ' || r.reason AS text, count(*) AS count
            FROM windows w JOIN ingress_refusals r ON r.partner_id = $1 AND r.customer_id = $2
                 AND r.minute >= w.start_at AND r.minute < w.end_at
            GROUP BY 1, 2
        ), ranked AS (
            SELECT n, text, count, row_number() OVER (PARTITION BY n, kind ORDER BY count DESC, text) AS rank
            FROM (SELECT *, 'failure' AS kind FROM failures UNION ALL SELECT *, 'refusal' FROM refusals) AS both_kinds
        )
        SELECT n, text, count FROM ranked WHERE rank <= 3 ORDER BY n, count DESC, text
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
        try explain(&incidents, partnerID: partnerID, customerID: customerID, on: connection)
        return SLAReport(customerID: customerID, customerName: name, start: start, end: end, measuredAt: now,
                         targets: targets, counts: byFlow.values.reduce(into: .zero) { $0.add($1) }, countsByFlow: byFlow,
                         availability: availability,
                         days: try MessageRollups.series(scope, grain: .day, from: start, to: end, on: connection),
                         incidents: incidents)
    }

    /// What went wrong in the first `explainedIncidents` incidents: the failed messages'
    /// reasons, the platform's own refusals and the minutes it was down. Old incidents of a tier
    /// with short retention may have lost their messages; their figures stay, their message
    /// causes do not.
    static func explain(_ incidents: inout [SLAIncident], partnerID: UUID, customerID: UUID,
                        on connection: PostgresConnection) throws {
        let explained = incidents.indices.prefix(explainedIncidents)
        guard !explained.isEmpty else { return }
        let windows = "[" + explained.map { index in
            "[\"\(iso8601(incidents[index].start))\", \"\(iso8601(incidents[index].end))\"]"
        }.joined(separator: ", ") + "]"
        var found: [Int: [SLACause]] = [:]
        for (number, text, count) in try connection.query(PostgresQuery(unsafeSQL: windowsSQL, binds: [partnerID, customerID, windows]))
            .decode((Int, String, Int).self) {
            found[number - 1, default: []].append(SLACause(text: text, count: count))
        }
        for index in explained {
            var causes = found[index] ?? []
            let incident = incidents[index]
            if incident.availability.platformDownMinutes > 0 {
                causes.append(SLACause(text: "The platform was not running (no heartbeat)", count: incident.availability.platformDownMinutes))
            }
            if incident.missed.contains(.latency), incident.counts.failed > 0 {
                causes.append(SLACause(text: "Attempts that failed and were retried (slower deliveries)", count: incident.counts.failed))
            }
            incidents[index].causes = causes.sorted { $0.count > $1.count }
        }
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
