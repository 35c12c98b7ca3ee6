import Billing
import Foundation

/// A tier as the API sends it: the terms in force on the day asked about and, when the partner
/// has changed them, the terms that take over at the start of a later billing month — so a page
/// can say "from 1 December: …".
struct TierJSON: Encodable {
    var partnerID: UUID
    var code: String
    var name: String
    var position: Int
    var current: TermsJSON?
    var scheduled: TermsJSON?

    init(_ tier: Tier) {
        partnerID = tier.partnerID
        code = tier.code
        name = tier.name
        position = tier.position
        current = tier.current.map(TermsJSON.init)
        scheduled = tier.scheduled.map(TermsJSON.init)
    }

    static let codePattern = "^[a-z0-9][a-z0-9_-]{0,31}$"

    static let schema = NamedSchema("Tier", .object([
        .init("partner_id", .uuid),
        .init("code", .string(minLength: 1, maxLength: 32, pattern: codePattern)),
        .init("name", .string(minLength: 1, maxLength: 100)),
        .init("position", .integer(minimum: 0, maximum: 1000)),
        .init("current", JSONSchema.reference("TierTerms").nullable
            .described("The terms in force this billing month; absent before the tier's first month."), required: false),
        .init("scheduled", JSONSchema.reference("TierTerms").nullable
            .described("Changed terms that apply from `effective_from`, the first day of a later billing month; "
                       + "absent when nothing is scheduled."), required: false),
    ]))

    static let list = NamedSchema("TierList", .object([
        .init("data", .array(of: .reference("Tier"), maxItems: 1000)),
    ]))

    struct ListBody: Encodable {
        var data: [TierJSON]
    }
}

/// One set of dated terms. Percentages are exact decimal strings like money amounts.
struct TermsJSON: Encodable {
    var effectiveFrom: String
    var monthlyPrice: MoneyJSON
    var includedTransactions: Int
    var overagePerThousand: MoneyJSON
    var slaSuccessRate: String
    var slaP95LatencyMs: Int
    var slaAvailability: String
    var supportWindow: String
    var supportTimeZone: String?
    var supportStartHour: Int?
    var supportEndHour: Int?
    var rateLimitPerMinute: Int
    var concurrencyLimit: Int
    var logRetentionDays: Int

    init(_ dated: DatedTierTerms) {
        let terms = dated.terms
        effectiveFrom = dated.effectiveFrom.firstDayText
        monthlyPrice = MoneyJSON(terms.monthlyPrice)
        includedTransactions = terms.includedTransactions
        overagePerThousand = MoneyJSON(terms.overage)
        slaSuccessRate = DecimalText.format(terms.slaSuccessRate, minimumFractionDigits: 2)
        slaP95LatencyMs = terms.slaP95LatencyMilliseconds
        slaAvailability = DecimalText.format(terms.slaAvailability, minimumFractionDigits: 3)
        supportWindow = terms.supportWindow.kind
        if case .businessHours(let zone, let start, let end) = terms.supportWindow {
            (supportTimeZone, supportStartHour, supportEndHour) = (zone, start, end)
        }
        rateLimitPerMinute = terms.rateLimitPerMinute
        concurrencyLimit = terms.concurrencyLimit
        logRetentionDays = terms.logRetentionDays
    }

    // Spelled out: `slaP95LatencyMs` is not a name snake_case conversion should be trusted with.
    enum CodingKeys: String, CodingKey {
        case effectiveFrom = "effective_from", monthlyPrice = "monthly_price"
        case includedTransactions = "included_transactions", overagePerThousand = "overage_per_thousand"
        case slaSuccessRate = "sla_success_rate", slaP95LatencyMs = "sla_p95_latency_ms", slaAvailability = "sla_availability"
        case supportWindow = "support_window", supportTimeZone = "support_time_zone"
        case supportStartHour = "support_start_hour", supportEndHour = "support_end_hour"
        case rateLimitPerMinute = "rate_limit_per_minute", concurrencyLimit = "concurrency_limit"
        case logRetentionDays = "log_retention_days"
    }

    static let supportWindows = ["24x7", "business"]
    /// `YYYY-MM-01`: billing months start on the first (OpenAPI's `date` format is not one
    /// the document's schema model has, so the shape is a pattern).
    static let firstDayPattern = "^[0-9]{4}-(0[1-9]|1[0-2])-01$"

    static let schema = NamedSchema("TierTerms", .object([
        .init("effective_from", JSONSchema.string(pattern: firstDayPattern)
            .described("The first day of the first billing month (UTC) these terms apply to.")),
        .init("monthly_price", .reference("Money")),
        .init("included_transactions", .integer(minimum: 0)),
        .init("overage_per_thousand", JSONSchema.reference("Money").described("Per 1,000 transactions above the included.")),
        .init("sla_success_rate", DecimalText.schema("Promised success rate in percent, e.g. \"99.50\".")),
        .init("sla_p95_latency_ms", .integer(minimum: 1, maximum: 86_400_000)),
        .init("sla_availability", DecimalText.schema("Promised availability in percent, e.g. \"99.900\".")),
        .init("support_window", .enumeration(supportWindows)),
        .init("support_time_zone", JSONSchema.string(minLength: 1, maxLength: 64).nullable
            .described("IANA time zone of business hours; absent for 24x7."), required: false),
        .init("support_start_hour", JSONSchema.integer(minimum: 0, maximum: 23).nullable, required: false),
        .init("support_end_hour", JSONSchema.integer(minimum: 1, maximum: 24).nullable, required: false),
        .init("rate_limit_per_minute", .integer(minimum: 1, maximum: 1_000_000)),
        .init("concurrency_limit", .integer(minimum: 1, maximum: 10_000)),
        .init("log_retention_days", .integer(minimum: 1, maximum: 3650)),
    ]))
}
