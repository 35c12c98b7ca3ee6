public import Foundation
public import Postgres

/// What a customer's tier promises (DESIGN.md "Tiers, pricing, SLA"): the terms of the tier the
/// customer was on when the period began, as in force on that day — the same rule billing
/// follows, so a report and an invoice of one month always speak of the same tier
/// (Migrations/0020).
public struct SLATargets: Sendable, Hashable {
    /// The tier's code (`gold`).
    public var tierCode: String
    /// The tier's name as the partner sells it.
    public var tierName: String
    /// Delivered out of finished, at least, in percent.
    public var successRate: Decimal
    /// The 95th percentile of receipt-to-delivery, at most, in milliseconds.
    public var p95LatencyMilliseconds: Int
    /// Available minutes, at least, in percent.
    public var availability: Decimal

    /// Targets as given.
    public init(tierCode: String, tierName: String, successRate: Decimal, p95LatencyMilliseconds: Int, availability: Decimal) {
        self.tierCode = tierCode
        self.tierName = tierName
        self.successRate = successRate
        self.p95LatencyMilliseconds = p95LatencyMilliseconds
        self.availability = availability
        successRateThousandths = Self.thousandths(successRate)
        availabilityThousandths = Self.thousandths(availability)
    }

    /// Targets with the percentages in thousandths of a percent (99.95% → 99,950), as pages
    /// that judge every customer read them: one integer each, not a Decimal to parse.
    public init(tierCode: String, tierName: String, successRateThousandths: Int, p95LatencyMilliseconds: Int,
                availabilityThousandths: Int) {
        self.tierCode = tierCode
        self.tierName = tierName
        successRate = Decimal(sign: .plus, exponent: -3, significand: Decimal(successRateThousandths))
        self.p95LatencyMilliseconds = p95LatencyMilliseconds
        availability = Decimal(sign: .plus, exponent: -3, significand: Decimal(availabilityThousandths))
        self.successRateThousandths = successRateThousandths
        self.availabilityThousandths = availabilityThousandths
    }

    /// The percentages in thousandths of a percent (99.95 → 99,950), so judging a window is
    /// integer arithmetic: the columns hold at most three decimals (Migrations/0002), so this is
    /// exact, and comparing exact rates with them decides as comparing the truncated ones would.
    let successRateThousandths: Int
    let availabilityThousandths: Int

    static func thousandths(_ percent: Decimal) -> Int {
        var scaled = percent * 1000
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    /// Whether `part` of `whole` is at least `thousandths` (of a percent).
    static func atLeast(_ part: Int, of whole: Int, thousandths: Int) -> Bool {
        part * 100_000 >= thousandths * whole
    }

    // Migrations/0020's sla_targets: the targets (never the prices) of the tier the customer
    // was on when the period began, readable by the customer's own viewers too.
    static let targetsSQL = """
        SELECT tier_code, tier_name, success_rate, p95_latency_ms, availability
        FROM sla_targets($1, $2, ($3::timestamptz AT TIME ZONE 'UTC')::date)
        """

    /// The customer's targets for a period starting at `start`; `nil` when the customer is not
    /// the caller's to see or its tier had no terms in force then.
    public static func forCustomer(partnerID: UUID, customerID: UUID, periodStart start: Date,
                                   on connection: PostgresConnection) throws -> SLATargets? {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: targetsSQL, binds: [partnerID, customerID, start])).first else {
            return nil
        }
        let (code, name, successRate, p95, availability) = try row.decode((String, String, Decimal, Int, Decimal).self)
        return SLATargets(tierCode: code, tierName: name, successRate: successRate, p95LatencyMilliseconds: p95,
                          availability: availability)
    }
}
