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
    // the tier in force at the month's start (Migrations/0020's sla_targets, one call for all), the month's rollup, and its minutes. Platform
    // down minutes are summed per hour from the hour the customer was created (its creation
    // hour counted whole); the month's last counted hour is the one holding `now`.
    static let figuresSQL = """
        WITH bounds AS (
            SELECT $2::timestamptz AS month_start, $3::timestamptz AS month_end,
                   least($3::timestamptz, date_trunc('minute', $4::timestamptz, 'UTC')) AS measured_end
        ), hours AS MATERIALIZED (
            SELECT g.hour, c.counted - least(c.counted, COALESCE(p.up_minutes, 0)) AS down
            FROM bounds
            CROSS JOIN LATERAL generate_series(month_start, measured_end - interval '1 minute', interval '1 hour') AS g (hour)
            CROSS JOIN LATERAL (SELECT extract(epoch FROM least(g.hour + interval '1 hour', measured_end) - g.hour)::int / 60
                                AS counted) AS c
            LEFT JOIN platform_hours p ON p.hour = g.hour
        ), down_from AS MATERIALIZED (
            SELECT hour, sum(down) OVER (ORDER BY hour DESC) AS down_since FROM hours
        ), counts AS (
            -- One row per customer: its production environment's month, every flow together
            -- (Migrations/0016; a customer has one production environment, Migrations/0001).
            SELECT customer_id, received, delivered, failed, exception, dead, latency_sum_ms, latency::text AS latency
            FROM message_rollups, bounds
            WHERE partner_id = $1 AND grain = 'month' AND bucket_start = month_start AND environment_kind = 'production'
              AND flow = '*' AND ($5::uuid IS NULL OR customer_id = $5)
        ), refused AS (
            SELECT r.customer_id, count(*) AS minutes FROM ingress_refusals r, bounds
            WHERE r.partner_id = $1 AND r.minute >= month_start AND r.minute < measured_end
              AND ($5::uuid IS NULL OR r.customer_id = $5)
              AND (SELECT count(*) FROM platform_heartbeats h WHERE h.minute = r.minute) = 2
            GROUP BY r.customer_id
        )
        SELECT c.id, c.name, t.tier_code, t.tier_name, t.tier_position, (t.success_rate * 1000)::integer, t.p95_latency_ms,
               (t.availability * 1000)::integer,
               COALESCE(n.received, 0), COALESCE(n.delivered, 0), COALESCE(n.failed, 0), COALESCE(n.exception, 0),
               COALESCE(n.dead, 0), COALESCE(n.latency_sum_ms, 0), COALESCE(n.latency, '{}'),
               greatest(0, extract(epoch FROM b.measured_end - greatest(b.month_start, date_trunc('minute', c.created_at, 'UTC')))::int / 60),
               greatest(0, extract(epoch FROM b.month_end - greatest(b.month_start, date_trunc('minute', c.created_at, 'UTC')))::int / 60),
               COALESCE(d.down_since, 0),
               COALESCE(r.minutes, 0)
        FROM bounds b
        JOIN customers c ON c.partner_id = $1 AND c.created_at < b.month_end AND ($5::uuid IS NULL OR c.id = $5)
        JOIN sla_targets($1, $5, ($2::timestamptz AT TIME ZONE 'UTC')::date) t ON t.customer_id = c.id
        LEFT JOIN down_from d ON d.hour = greatest(b.month_start, date_trunc('hour', c.created_at, 'UTC'))
        LEFT JOIN counts n ON n.customer_id = c.id
        LEFT JOIN refused r ON r.customer_id = c.id
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
                                     successRateThousandths: try row.decode(Int.self, at: 5),
                                     p95LatencyMilliseconds: try row.decode(Int.self, at: 6),
                                     availabilityThousandths: try row.decode(Int.self, at: 7))
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
        // Keys computed once per customer: a comparator that judged or compared names with the
        // locale would do it some ten thousand times for a thousand customers.
        try Self.month(month, partnerID: partnerID, now: now, on: connection)
            .map { (standing: $0.standing, tier: -$0.tierPosition, name: $0.customerName.lowercased(), figures: $0) }
            .sorted { ($0.standing, $0.tier, $0.name) < ($1.standing, $1.tier, $1.name) }
            .map(\.figures)
    }

    /// One customer's last `count` months up to and including `month`, oldest first; months
    /// before the customer existed are left out.
    public static func lastMonths(_ count: Int, through month: BillingMonth, partnerID: UUID, customerID: UUID, now: Date,
                                  on connection: PostgresConnection) throws -> [SLAMonthFigures] {
        var months: [BillingMonth] = [month]
        while months.count < count { months.insert(months[0].previous, at: 0) }
        return try months.flatMap { try Self.month($0, partnerID: partnerID, customerID: customerID, now: now, on: connection) }
    }
}
