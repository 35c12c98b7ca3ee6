public import Foundation
public import Tenancy

/// What a partner sells one tier on: price, what is included, the service levels it promises
/// and the limits that protect the platform. Prices are exact `Money`; percentages are exact
/// `Decimal`s.
public struct TierTerms: Sendable, Hashable, Codable {
    /// Charged per customer per billing period (calendar month).
    public var monthlyPrice: Money
    /// Transactions included in the monthly price.
    public var includedTransactions: Int
    /// Charged per 1,000 transactions above the included ones, in the price's currency.
    public var overagePerThousand: Decimal
    /// Promised share of messages processed without an exception, in percent (e.g. 99.50).
    public var slaSuccessRate: Decimal
    /// Promised 95th percentile of end-to-end latency, in milliseconds.
    public var slaP95LatencyMilliseconds: Int
    /// Promised availability of the platform, in percent (e.g. 99.900).
    public var slaAvailability: Decimal
    /// When support answers.
    public var supportWindow: SupportWindow
    /// API and webhook requests per minute.
    public var rateLimitPerMinute: Int
    /// Messages processed at the same time.
    public var concurrencyLimit: Int
    /// Days message logs are kept.
    public var logRetentionDays: Int

    public init(monthlyPrice: Money, includedTransactions: Int, overagePerThousand: Decimal, slaSuccessRate: Decimal,
                slaP95LatencyMilliseconds: Int, slaAvailability: Decimal, supportWindow: SupportWindow,
                rateLimitPerMinute: Int, concurrencyLimit: Int, logRetentionDays: Int) {
        self.monthlyPrice = monthlyPrice
        self.includedTransactions = includedTransactions
        self.overagePerThousand = overagePerThousand
        self.slaSuccessRate = slaSuccessRate
        self.slaP95LatencyMilliseconds = slaP95LatencyMilliseconds
        self.slaAvailability = slaAvailability
        self.supportWindow = supportWindow
        self.rateLimitPerMinute = rateLimitPerMinute
        self.concurrencyLimit = concurrencyLimit
        self.logRetentionDays = logRetentionDays
    }

    /// The overage price as money in the tier's currency.
    public var overage: Money { Money(overagePerThousand, monthlyPrice.currency) }

    /// Every field that breaks a rule, named as the API names it. The ranges are those of the
    /// CHECK constraints in Migrations/0002, so what passes here is never refused there.
    public var problems: [FieldProblem] {
        var found: [FieldProblem] = []
        func check(_ valid: Bool, _ field: String, _ message: String) {
            if !valid { found.append(FieldProblem(field: field, message: message)) }
        }
        check(Self.isPrice(monthlyPrice.amount), "monthly_price",
              "must be 0 or more, with at most 4 decimal places and 10 digits before the point")
        check((0...1_000_000_000_000).contains(includedTransactions), "included_transactions", "must be 0 or more")
        check(Self.isPrice(overagePerThousand), "overage_per_thousand",
              "must be 0 or more, with at most 4 decimal places and 10 digits before the point")
        check(Self.isPercent(slaSuccessRate, places: 2), "sla_success_rate",
              "must be a percentage from 0 to 100 with at most 2 decimal places")
        check((1...86_400_000).contains(slaP95LatencyMilliseconds), "sla_p95_latency_ms",
              "must be from 1 to 86400000 milliseconds")
        check(Self.isPercent(slaAvailability, places: 3), "sla_availability",
              "must be a percentage from 0 to 100 with at most 3 decimal places")
        found += supportWindow.problems
        check((1...1_000_000).contains(rateLimitPerMinute), "rate_limit_per_minute", "must be from 1 to 1000000")
        check((1...10_000).contains(concurrencyLimit), "concurrency_limit", "must be from 1 to 10000")
        check((1...3650).contains(logRetentionDays), "log_retention_days", "must be from 1 to 3650 days")
        return found
    }

    /// numeric(14, 4), not negative.
    static func isPrice(_ value: Decimal) -> Bool {
        value >= 0 && value < 10_000_000_000 && decimalPlaces(value) <= 4
    }

    static func isPercent(_ value: Decimal, places: Int) -> Bool {
        value >= 0 && value <= 100 && decimalPlaces(value) <= places
    }

    /// Digits after the point that matter (trailing zeros do not).
    static func decimalPlaces(_ value: Decimal) -> Int {
        var exact = value
        for places in 0...8 {
            var rounded = Decimal()
            NSDecimalRound(&rounded, &exact, places, .plain)
            if rounded == value { return places }
        }
        return 9
    }
}
