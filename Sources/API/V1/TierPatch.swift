import Billing
import Foundation
import Tenancy

/// The body of `PATCH /tiers/{code}` (RFC 7396 merge semantics): a new name, any term, or
/// both. Terms not named keep the values the tier would otherwise have next month.
struct TierPatch: StrictlyDecodable {
    var name: String?
    var monthlyPrice: MoneyInput?
    var includedTransactions: Int?
    var overagePerThousand: MoneyInput?
    var slaSuccessRate: String?
    var slaP95LatencyMs: Int?
    var slaAvailability: String?
    var supportWindow: String?
    var supportTimeZone: String??
    var supportStartHour: Int??
    var supportEndHour: Int??
    var rateLimitPerMinute: Int?
    var concurrencyLimit: Int?
    var logRetentionDays: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, monthlyPrice = "monthly_price", includedTransactions = "included_transactions"
        case overagePerThousand = "overage_per_thousand", slaSuccessRate = "sla_success_rate"
        case slaP95LatencyMs = "sla_p95_latency_ms", slaAvailability = "sla_availability"
        case supportWindow = "support_window", supportTimeZone = "support_time_zone"
        case supportStartHour = "support_start_hour", supportEndHour = "support_end_hour"
        case rateLimitPerMinute = "rate_limit_per_minute", concurrencyLimit = "concurrency_limit"
        case logRetentionDays = "log_retention_days"
    }

    static var nestedObjects: [String: any StrictlyDecodable.Type] {
        ["monthly_price": MoneyInput.self, "overage_per_thousand": MoneyInput.self]
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        monthlyPrice = try container.decodeIfPresent(MoneyInput.self, forKey: .monthlyPrice)
        includedTransactions = try container.decodeIfPresent(Int.self, forKey: .includedTransactions)
        overagePerThousand = try container.decodeIfPresent(MoneyInput.self, forKey: .overagePerThousand)
        slaSuccessRate = try container.decodeIfPresent(String.self, forKey: .slaSuccessRate)
        slaP95LatencyMs = try container.decodeIfPresent(Int.self, forKey: .slaP95LatencyMs)
        slaAvailability = try container.decodeIfPresent(String.self, forKey: .slaAvailability)
        supportWindow = try container.decodeIfPresent(String.self, forKey: .supportWindow)
        supportTimeZone = try container.decodePatch(String.self, forKey: .supportTimeZone)
        supportStartHour = try container.decodePatch(Int.self, forKey: .supportStartHour)
        supportEndHour = try container.decodePatch(Int.self, forKey: .supportEndHour)
        rateLimitPerMinute = try container.decodeIfPresent(Int.self, forKey: .rateLimitPerMinute)
        concurrencyLimit = try container.decodeIfPresent(Int.self, forKey: .concurrencyLimit)
        logRetentionDays = try container.decodeIfPresent(Int.self, forKey: .logRetentionDays)
    }

    /// Whether any term is named (a name alone changes no terms and schedules nothing).
    var changesTerms: Bool {
        monthlyPrice != nil || includedTransactions != nil || overagePerThousand != nil || slaSuccessRate != nil
            || slaP95LatencyMs != nil || slaAvailability != nil || supportWindow != nil || supportTimeZone != nil
            || supportStartHour != nil || supportEndHour != nil || rateLimitPerMinute != nil || concurrencyLimit != nil
            || logRetentionDays != nil
    }

    /// `base` with this patch's terms applied; nil after recording every problem, each at its
    /// JSON Pointer. The same rules as Migrations/0002's CHECKs (`TierTerms.problems`), plus
    /// the ones between fields: one currency for price and overage, and business hours only
    /// with the `business` window.
    func terms(from base: TierTerms, into validation: inout Validation) -> TierTerms? {
        let errorsBefore = validation.errors.count
        var terms = base
        if let price = monthlyPrice?.money(at: "/monthly_price", into: &validation) { terms.monthlyPrice = price }
        if let overage = overagePerThousand?.money(at: "/overage_per_thousand", into: &validation) {
            validation.require(overage.currency == terms.monthlyPrice.currency, at: "/overage_per_thousand/currency",
                               "must be the monthly price's currency, \(terms.monthlyPrice.currency.code)")
            terms.overagePerThousand = overage.amount
        } else if overagePerThousand == nil {
            // A new currency would silently re-denominate the old overage amount.
            validation.require(terms.monthlyPrice.currency == base.monthlyPrice.currency, at: "/overage_per_thousand",
                               "is required when the currency changes, in \(terms.monthlyPrice.currency.code)")
        }
        if let value = includedTransactions { terms.includedTransactions = value }
        if let text = slaSuccessRate { terms.slaSuccessRate = percent(text, at: "/sla_success_rate", into: &validation) }
        if let value = slaP95LatencyMs { terms.slaP95LatencyMilliseconds = value }
        if let text = slaAvailability { terms.slaAvailability = percent(text, at: "/sla_availability", into: &validation) }
        if let value = rateLimitPerMinute { terms.rateLimitPerMinute = value }
        if let value = concurrencyLimit { terms.concurrencyLimit = value }
        if let value = logRetentionDays { terms.logRetentionDays = value }
        if let window = supportWindow(from: base.supportWindow, into: &validation) { terms.supportWindow = window }
        guard validation.errors.count == errorsBefore else { return nil }
        for problem in terms.problems {
            let pointer = ["monthly_price", "overage_per_thousand"].contains(problem.field) ? "/\(problem.field)/amount"
                : "/" + problem.field
            validation.fail(pointer, problem.message)
        }
        return validation.errors.count == errorsBefore ? terms : nil
    }

    /// The support window after the patch. Naming hours while the window is (or becomes) 24x7
    /// is refused rather than ignored: the partner meant something the terms cannot hold.
    private func supportWindow(from base: SupportWindow, into validation: inout Validation) -> SupportWindow? {
        let namesHours = supportTimeZone != nil || supportStartHour != nil || supportEndHour != nil
        guard supportWindow != nil || namesHours else { return base }
        let kind = supportWindow ?? base.kind
        guard TermsJSON.supportWindows.contains(kind) else {
            validation.oneOf(kind, TermsJSON.supportWindows, at: "/support_window")
            return nil
        }
        if kind == "24x7" {
            let named = [("support_time_zone", supportTimeZone.flatMap { $0 } != nil),
                         ("support_start_hour", supportStartHour.flatMap { $0 } != nil),
                         ("support_end_hour", supportEndHour.flatMap { $0 } != nil)]
            for (field, isGiven) in named where isGiven {
                validation.fail("/" + field, "must be null or absent unless support_window is business")
            }
            return .allDay
        }
        var (zone, start, end): (String?, Int?, Int?) = (nil, nil, nil)
        if case .businessHours(let baseZone, let baseStart, let baseEnd) = base { (zone, start, end) = (baseZone, baseStart, baseEnd) }
        if let given = supportTimeZone { zone = given }
        if let given = supportStartHour { start = given }
        if let given = supportEndHour { end = given }
        guard let zone, let start, let end else {
            for (value, field) in [(zone == nil, "support_time_zone"), (start == nil, "support_start_hour"),
                                   (end == nil, "support_end_hour")] where value {
                validation.fail("/" + field, "is required for the business support window")
            }
            return nil
        }
        return .businessHours(timeZone: zone, startHour: start, endHour: end)
    }

    private func percent(_ text: String, at pointer: String, into validation: inout Validation) -> Decimal {
        guard let value = DecimalText.parse(text) else {
            validation.fail(pointer, "must be a percentage written as a string, such as \"99.50\"")
            return 0
        }
        return value
    }

    static let schema = NamedSchema("UpdateTier", .object([
        .init("name", .string(minLength: 1, maxLength: 100), required: false),
        .init("monthly_price", .reference("MoneyInput"), required: false),
        .init("included_transactions", .integer(minimum: 0, maximum: 1_000_000_000_000), required: false),
        .init("overage_per_thousand", .reference("MoneyInput"), required: false),
        .init("sla_success_rate", .string(minLength: 1, maxLength: 6, pattern: "^(100(\\.0{1,2})?|[0-9]{1,2}(\\.[0-9]{1,2})?)$"),
              required: false),
        .init("sla_p95_latency_ms", .integer(minimum: 1, maximum: 86_400_000), required: false),
        .init("sla_availability", .string(minLength: 1, maxLength: 7, pattern: "^(100(\\.0{1,3})?|[0-9]{1,2}(\\.[0-9]{1,3})?)$"),
              required: false),
        .init("support_window", .enumeration(TermsJSON.supportWindows), required: false),
        .init("support_time_zone", JSONSchema.string(minLength: 1, maxLength: 64).nullable, required: false),
        .init("support_start_hour", JSONSchema.integer(minimum: 0, maximum: 23).nullable, required: false),
        .init("support_end_hour", JSONSchema.integer(minimum: 1, maximum: 24).nullable, required: false),
        .init("rate_limit_per_minute", .integer(minimum: 1, maximum: 1_000_000), required: false),
        .init("concurrency_limit", .integer(minimum: 1, maximum: 10_000), required: false),
        .init("log_retention_days", .integer(minimum: 1, maximum: 3650), required: false),
    ]))
}
