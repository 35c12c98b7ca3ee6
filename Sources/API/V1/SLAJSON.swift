import Billing
import Foundation
import Monitoring

/// SLA reports and standings as the API shows them: percentages as exact decimal strings
/// (`"99.863"`), latencies as whole milliseconds, null where nothing was measured.
enum SLAJSON {
    struct Targets: Encodable {
        var successRate: String
        var p95LatencyMilliseconds: Int
        var availability: String
        enum CodingKeys: String, CodingKey {
            case successRate = "success_rate", p95LatencyMilliseconds = "p95_latency_ms", availability
        }
        init(_ targets: SLATargets) {
            successRate = DecimalText.format(targets.successRate, minimumFractionDigits: 1)
            p95LatencyMilliseconds = targets.p95LatencyMilliseconds
            availability = DecimalText.format(targets.availability, minimumFractionDigits: 1)
        }
    }

    struct Counts: Encodable {
        var received, delivered, failed, exception, dead: Int
        var successRate: String?
        var p50, p95, p99, mean: Int?
        enum CodingKeys: String, CodingKey {
            case received, delivered, failed, exception, dead, successRate = "success_rate"
            case p50 = "p50_latency_ms", p95 = "p95_latency_ms", p99 = "p99_latency_ms", mean = "mean_latency_ms"
        }
        init(_ counts: MessageCounts) {
            (received, delivered, failed, exception, dead) = (counts.received, counts.delivered, counts.failed, counts.exception, counts.dead)
            successRate = counts.successRate.map { DecimalText.format($0, minimumFractionDigits: 1) }
            (p50, p95, p99) = (counts.latency.percentile(50), counts.latency.percentile(95), counts.latency.percentile(99))
            mean = counts.meanLatencyMilliseconds
        }
    }

    struct Minutes: Encodable {
        var minutes, platformDownMinutes, refusedMinutes: Int
        var percent: String?
        enum CodingKeys: String, CodingKey {
            case minutes, platformDownMinutes = "platform_down_minutes", refusedMinutes = "refused_minutes", percent
        }
        init(_ availability: Availability) {
            (minutes, platformDownMinutes, refusedMinutes) = (availability.minutes, availability.platformDownMinutes,
                                                              availability.refusedMinutes)
            percent = availability.percent.map { DecimalText.format($0, minimumFractionDigits: 1) }
        }
    }

    struct Flow: Encodable {
        var flow: String
        var counts: Counts
        enum CodingKeys: String, CodingKey { case flow, counts }
    }

    struct Day: Encodable {
        var day: String
        var counts: Counts
        enum CodingKeys: String, CodingKey { case day, counts }
    }

    struct Cause: Encodable {
        var text: String
        var count: Int
        enum CodingKeys: String, CodingKey { case text, count }
    }

    struct Incident: Encodable {
        var start, end: Date
        var missed: [String]
        var counts: Counts
        var availability: Minutes
        var causes: [Cause]
        enum CodingKeys: String, CodingKey { case start, end, missed, counts, availability, causes }
        init(_ incident: SLAIncident) {
            (start, end) = (incident.start, incident.end)
            missed = incident.missed.map(\.rawValue)
            counts = Counts(incident.counts)
            availability = Minutes(incident.availability)
            causes = incident.causes.map { Cause(text: $0.text, count: $0.count) }
        }
    }

    struct Report: Encodable {
        var customerID: UUID
        var customerName: String
        var start, end, measuredAt: Date
        var final: Bool
        var tier: String
        var tierName: String
        var targets: Targets
        var missed: [String]
        var met: Bool
        var counts: Counts
        var availability: Minutes
        var flows: [Flow]
        var days: [Day]
        var incidents: [Incident]
        enum CodingKeys: String, CodingKey {
            case customerID = "customer_id", customerName = "customer_name", start, end, measuredAt = "measured_at", final
            case tier, tierName = "tier_name", targets, missed, met, counts, availability, flows, days, incidents
        }
        init(_ report: SLAReport) {
            customerID = report.customerID
            customerName = report.customerName
            (start, end, measuredAt, final) = (report.start, report.end, report.measuredAt, report.isFinal)
            (tier, tierName) = (report.targets.tierCode, report.targets.tierName)
            targets = Targets(report.targets)
            missed = report.judgement.missed.map(\.rawValue)
            met = report.judgement.met
            counts = Counts(report.counts)
            availability = Minutes(report.availability)
            flows = report.countsByFlow.keys.sorted().map { Flow(flow: $0, counts: Counts(report.countsByFlow[$0]!)) }
            days = report.days.map { Day(day: SLAJSON.day($0.start), counts: Counts($0.counts)) }
            incidents = report.incidents.map(Incident.init)
        }
    }

    struct Standing: Encodable {
        var customerID: UUID
        var customerName: String
        var month: String
        var tier: String
        var tierName: String
        var standing: String
        var missed: [String]
        var targets: Targets
        var counts: Counts
        var availability: Minutes
        enum CodingKeys: String, CodingKey {
            case customerID = "customer_id", customerName = "customer_name", month, tier, tierName = "tier_name", standing
            case missed, targets, counts, availability
        }
        init(_ figures: SLAMonthFigures) {
            customerID = figures.customerID
            customerName = figures.customerName
            month = figures.month.description
            (tier, tierName) = (figures.targets.tierCode, figures.targets.tierName)
            standing = figures.standing.rawValue
            missed = figures.judgement.missed.map(\.rawValue)
            targets = Targets(figures.targets)
            counts = Counts(figures.counts)
            availability = Minutes(figures.availability)
        }
    }

    struct StandingList: Encodable {
        var data: [Standing]
        enum CodingKeys: String, CodingKey { case data }
    }

    struct QueueList: Encodable {
        struct Flow: Encodable {
            var flow, environment: String
            var waiting, retrying: Int
            var oldestReceivedAt: Date
            var oldestAgeSeconds: Int
            enum CodingKeys: String, CodingKey {
                case flow, environment, waiting, retrying, oldestReceivedAt = "oldest_received_at"
                case oldestAgeSeconds = "oldest_age_seconds"
            }
        }
        var data: [Flow]
        enum CodingKeys: String, CodingKey { case data }
    }

    /// `YYYY-MM-DD` of a UTC day.
    static func day(_ date: Date) -> String {
        String(APIJSON.formatTimestamp(date).prefix(10))
    }

    // MARK: Schemas

    static let percent = DecimalText.schema("A percentage as an exact decimal, e.g. \"99.863\" (truncated, never rounded up).")
    static let targets = NamedSchema("SLATargets", .object([
        .init("success_rate", percent), .init("p95_latency_ms", .integer(minimum: 1)), .init("availability", percent),
    ]).described("The tier's promises in force at the period's start: success rate and availability at least, p95 latency at most."))
    static let counts = NamedSchema("SLACounts", .object([
        .init("received", .integer(minimum: 0)), .init("delivered", .integer(minimum: 0)),
        .init("failed", .integer(minimum: 0)), .init("exception", .integer(minimum: 0)), .init("dead", .integer(minimum: 0)),
        .init("success_rate", percent.nullable, required: false),
        .init("p50_latency_ms", JSONSchema.integer(minimum: 1).nullable, required: false),
        .init("p95_latency_ms", JSONSchema.integer(minimum: 1).nullable, required: false),
        .init("p99_latency_ms", JSONSchema.integer(minimum: 1).nullable, required: false),
        .init("mean_latency_ms", JSONSchema.integer(minimum: 0).nullable, required: false),
    ]).described("Production messages: received, delivered, attempts that failed and were retried, exceptions and dead; "
                 + "success rate = delivered ÷ (delivered + exception + dead); latency from receipt to delivery, each percentile "
                 + "the upper bound of its histogram bucket (at most 12.2% above the true value)."))
    static let minutes = NamedSchema("SLAAvailability", .object([
        .init("minutes", .integer(minimum: 0)), .init("platform_down_minutes", .integer(minimum: 0)),
        .init("refused_minutes", .integer(minimum: 0)), .init("percent", percent.nullable, required: false),
    ]).described("Minutes counted (from the customer's creation, up to now), minutes the platform was down (no heartbeat), "
                 + "and minutes it refused one of the customer's deliveries for its own reasons."))
    static let incident = NamedSchema("SLAIncident", .object([
        .init("start", .dateTime), .init("end", .dateTime),
        .init("missed", .array(of: .enumeration(SLATarget.allCases.map(\.rawValue)))),
        .init("counts", .reference("SLACounts")), .init("availability", .reference("SLAAvailability")),
        .init("causes", .array(of: .object([.init("text", .string), .init("count", .integer(minimum: 1))]))),
    ]).described("Consecutive hours that each missed a target, with what went wrong, most frequent first."))
    static let report = NamedSchema("SLAReport", .object([
        .init("customer_id", .uuid), .init("customer_name", .string),
        .init("start", .dateTime), .init("end", .dateTime), .init("measured_at", .dateTime),
        .init("final", JSONSchema.boolean.described("false while the period has not ended: the figures are provisional")),
        .init("tier", .string), .init("tier_name", .string), .init("targets", .reference("SLATargets")),
        .init("missed", .array(of: .enumeration(SLATarget.allCases.map(\.rawValue)))), .init("met", .boolean),
        .init("counts", .reference("SLACounts")), .init("availability", .reference("SLAAvailability")),
        .init("flows", .array(of: .object([.init("flow", .string), .init("counts", .reference("SLACounts"))]))),
        .init("days", .array(of: .object([.init("day", .string(pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")),
                                           .init("counts", .reference("SLACounts"))]))),
        .init("incidents", .array(of: .reference("SLAIncident"))),
    ]).described("A customer's service in a period (UTC) against its tier's targets, from the measurement rollups."))
    static let standing = NamedSchema("SLAStanding", .object([
        .init("customer_id", .uuid), .init("customer_name", .string), .init("month", .string(pattern: "^[0-9]{4}-[0-9]{2}$")),
        .init("tier", .string), .init("tier_name", .string),
        .init("standing", JSONSchema.enumeration(SLAStanding.allCases.map(\.rawValue))
            .described("missed: the month so far misses a target; at_risk: three quarters of an error budget spent, or p95 at 80% "
                       + "of its target; met: neither")),
        .init("missed", .array(of: .enumeration(SLATarget.allCases.map(\.rawValue)))),
        .init("targets", .reference("SLATargets")), .init("counts", .reference("SLACounts")),
        .init("availability", .reference("SLAAvailability")),
    ]).described("One customer's month so far against its tier."))
    static let standingList = NamedSchema("SLAStandingList", .object([.init("data", .array(of: .reference("SLAStanding")))]))
    static let queue = NamedSchema("QueueStateList", .object([.init("data", .array(of: .object([
        .init("flow", .string), .init("environment", .enumeration(["sandbox", "production"])),
        .init("waiting", .integer(minimum: 1)), .init("retrying", .integer(minimum: 0)),
        .init("oldest_received_at", .dateTime), .init("oldest_age_seconds", .integer(minimum: 0)),
    ])))]).described("What waits now per flow: messages received, retrying or processing, and the oldest one's age."))

    static let schemas = [targets, counts, minutes, incident, report, standing, standingList, queue]
}
