public import Billing
public import Foundation
public import Postgres

/// One customer's month in figures, without incidents: a row of the partner's at-risk page and
/// of a customer's last twelve months. Read from the month rollups and the hourly heartbeat
/// summary, so its cost does not grow with the messages.
public struct SLAMonthFigures: Sendable {
    /// The customer.
    public var customerID: UUID
    /// Its name.
    public var customerName: String
    /// The month.
    public var month: BillingMonth
    /// The tier's targets at the month's start.
    public var targets: SLATargets
    /// The tier's place in the partner's price list (gold after silver), for ordering.
    public var tierPosition: Int
    /// Production messages so far.
    public var counts: MessageCounts
    /// Minutes so far.
    public var availability: Availability
    /// The whole month's minutes from the customer's creation: the availability budget's base.
    public var monthMinutes: Int

    /// Which targets the month so far misses.
    public var judgement: SLAJudgement { SLAJudgement(counts: counts, availability: availability, targets: targets) }

    /// Missed, at risk or met.
    public var standing: SLAStanding {
        SLAStanding(counts: counts, availability: availability, monthMinutes: monthMinutes, targets: targets)
    }

    // Every customer of the partner (or the one given) that existed before the month ended:
    // the tier in force at the month's start (customer_sla_targets, which viewers may call), the month's rollup, and its minutes. Platform
    // down minutes are summed per hour from the hour the customer was created (its creation
    // hour counted whole); the month's last counted hour is the one holding `now`.
    static let figuresSQL = """
        WITH bounds AS (
            SELECT $2::timestamptz AS month_start, $3::timestamptz AS month_end,
                   least($3::timestamptz, date_trunc('minute', $4::timestamptz, 'UTC')) AS measured_end
        ), hours AS (
            SELECT g.hour, c.counted - least(c.counted, COALESCE(p.up_minutes, 0)) AS down
            FROM bounds
            CROSS JOIN LATERAL generate_series(month_start, measured_end - interval '1 minute', interval '1 hour') AS g (hour)
            CROSS JOIN LATERAL (SELECT extract(epoch FROM least(g.hour + interval '1 hour', measured_end) - g.hour)::int / 60
                                AS counted) AS c
            LEFT JOIN platform_hours p ON p.hour = g.hour
        ), down_from AS (
            SELECT hour, sum(down) OVER (ORDER BY hour DESC) AS down_since FROM hours
        ), counts AS (
            SELECT customer_id, sum(received)::int8 AS received, sum(delivered)::int8 AS delivered, sum(failed)::int8 AS failed,
                   sum(exception)::int8 AS exception, sum(dead)::int8 AS dead, sum(latency_sum_ms)::int8 AS latency_sum_ms,
                   CASE WHEN count(*) = 1 THEN min(latency::text) ELSE (
                       SELECT COALESCE(jsonb_object_agg(key, total), '{}')::text FROM (
                           SELECT key, sum(value::int8) AS total FROM unnest(array_agg(latency)) AS h (latency),
                                  jsonb_each_text(h.latency) GROUP BY key) AS merged) END AS latency
            FROM message_rollups, bounds
            WHERE partner_id = $1 AND grain = 'month' AND bucket_start = month_start AND environment_kind = 'production'
              AND ($5::uuid IS NULL OR customer_id = $5)
            GROUP BY customer_id
        ), refused AS (
            SELECT r.customer_id, count(*) AS minutes FROM ingress_refusals r, bounds
            WHERE r.partner_id = $1 AND r.minute >= month_start AND r.minute < measured_end
              AND ($5::uuid IS NULL OR r.customer_id = $5)
              AND (SELECT count(*) FROM platform_heartbeats h WHERE h.minute = r.minute) = 2
            GROUP BY r.customer_id
        )
        SELECT c.id, c.name, t.tier_code, t.tier_name, t.tier_position, t.success_rate, t.p95_latency_ms, t.availability,
               COALESCE(n.received, 0), COALESCE(n.delivered, 0), COALESCE(n.failed, 0), COALESCE(n.exception, 0),
               COALESCE(n.dead, 0), COALESCE(n.latency_sum_ms, 0), COALESCE(n.latency, '{}'),
               greatest(0, extract(epoch FROM b.measured_end - greatest(b.month_start, date_trunc('minute', c.created_at, 'UTC')))::int / 60),
               greatest(0, extract(epoch FROM b.month_end - greatest(b.month_start, date_trunc('minute', c.created_at, 'UTC')))::int / 60),
               COALESCE((SELECT d.down_since FROM down_from d
                         WHERE d.hour = greatest(b.month_start, date_trunc('hour', c.created_at, 'UTC'))), 0),
               COALESCE(r.minutes, 0)
        FROM bounds b, customers c
        JOIN LATERAL customer_sla_targets(c.partner_id, c.id, ($2::timestamptz AT TIME ZONE 'UTC')::date) t ON true
        LEFT JOIN counts n ON n.customer_id = c.id
        LEFT JOIN refused r ON r.customer_id = c.id
        WHERE c.partner_id = $1 AND c.created_at < b.month_end AND ($5::uuid IS NULL OR c.id = $5)
        """

    /// The month so far of every customer of the partner the caller may see (a customer
    /// viewer sees their own), or of one.
    public static func month(_ month: BillingMonth, partnerID: UUID, customerID: UUID? = nil, now: Date,
                             on connection: PostgresConnection) throws -> [SLAMonthFigures] {
        try connection.query(PostgresQuery(unsafeSQL: figuresSQL, binds: [
            partnerID, month.firstDay, month.next.firstDay, now, customerID,
        ])).map { row in
            let id = try row.decode(UUID.self, at: 0)
            let name = try row.decode(String.self, at: 1)
            let targets = SLATargets(tierCode: try row.decode(String.self, at: 2), tierName: try row.decode(String.self, at: 3),
                                     successRate: try row.decode(Decimal.self, at: 5),
                                     p95LatencyMilliseconds: try row.decode(Int.self, at: 6),
                                     availability: try row.decode(Decimal.self, at: 7))
            let counts = MessageCounts(
                received: try row.decode(Int.self, at: 8), delivered: try row.decode(Int.self, at: 9),
                failed: try row.decode(Int.self, at: 10), exception: try row.decode(Int.self, at: 11),
                dead: try row.decode(Int.self, at: 12), latencySumMilliseconds: try row.decode(Int.self, at: 13),
                latency: try LatencyHistogram(rollupJSON: try row.decode(String.self, at: 14)))
            let minutes = try row.decode(Int.self, at: 15)
            let down = min(minutes, try row.decode(Int.self, at: 17))
            return SLAMonthFigures(
                customerID: id, customerName: name, month: month,
                targets: targets, tierPosition: try row.decode(Int.self, at: 4), counts: counts,
                availability: Availability(minutes: minutes, platformDownMinutes: down,
                                           refusedMinutes: min(minutes - down, try row.decode(Int.self, at: 18))),
                monthMinutes: try row.decode(Int.self, at: 16))
        }
    }

    /// The partner's customers this month, worst standing first, then the dearest tier, then
    /// by name: the partner's "who is at risk this month" page.
    public static func atRisk(_ month: BillingMonth, partnerID: UUID, now: Date,
                              on connection: PostgresConnection) throws -> [SLAMonthFigures] {
        try Self.month(month, partnerID: partnerID, now: now, on: connection).map { ($0.standing, $0) }
            .sorted { lhs, rhs in
                if lhs.0 != rhs.0 { return lhs.0 < rhs.0 }
                if lhs.1.tierPosition != rhs.1.tierPosition { return lhs.1.tierPosition > rhs.1.tierPosition }
                return lhs.1.customerName.localizedStandardCompare(rhs.1.customerName) == .orderedAscending
            }
            .map(\.1)
    }

    /// One customer's last `count` months up to and including `month`, oldest first; months
    /// before the customer existed are left out.
    public static func lastMonths(_ count: Int, through month: BillingMonth, partnerID: UUID, customerID: UUID, now: Date,
                                  on connection: PostgresConnection) throws -> [SLAMonthFigures] {
        var months: [BillingMonth] = [month]
        while months.count < count {
            let first = months[0]
            months.insert(first.month == 1 ? BillingMonth(year: first.year - 1, month: 12)!
                                           : BillingMonth(year: first.year, month: first.month - 1)!, at: 0)
        }
        return try months.flatMap { try Self.month($0, partnerID: partnerID, customerID: customerID, now: now, on: connection) }
    }
}
