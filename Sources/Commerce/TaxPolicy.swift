public import Foundation

/// Whether a stated price already contains tax. WooCommerce: the store's "Prices entered with
/// tax" setting, echoed on orders as `prices_include_tax`; Tryton: list prices are without tax
/// and a POS says so per point (`sale.point.tax_included`).
public enum TaxInclusion: String, Sendable, Hashable, Codable, CaseIterable {
    /// The price is net; tax is added on top.
    case exclusive
    /// The price is gross; the tax is the part of it that `rate ÷ (1 + rate)` names.
    case inclusive
}

/// Where tax is rounded to the currency's minor units. Both exist in the wild and give
/// different totals, so an order says which its system used.
public enum TaxRounding: String, Sendable, Hashable, Codable, CaseIterable {
    /// Each line's tax is rounded, then the rounded taxes are added. WooCommerce's default;
    /// Tryton's "Per Line" (`account.configuration.tax_rounding = line`).
    case perLine
    /// The tax of the summed lines is rounded once. WooCommerce's "Round tax at subtotal level,
    /// instead of rounding per line" (`woocommerce_tax_round_at_subtotal`); Tryton's
    /// "Per Document" (`tax_rounding = document`, its default).
    case perDocument
}

/// Tax per line and in total, in whole minor units.
public struct TaxBreakdown: Sendable, Hashable, Codable {
    /// One tax amount per line, in line order. Under `perDocument` rounding these are the
    /// rounded total allocated over the lines (largest remainder), so they still add up.
    public var lines: [Money]
    /// The tax of the document: always the sum of `lines`.
    public var total: Money
}

/// How one tax rate is applied to lines: the rate, whether prices include it, where it is
/// rounded and by which rule. A value, so a connector states its system's habits once.
public struct TaxPolicy: Sendable, Hashable, Codable {
    /// The rate as a fraction: 0.19 for 19 % (Tryton's `account.tax.rate` is written so too).
    public var rate: Decimal
    /// Whether line amounts include the tax.
    public var inclusion: TaxInclusion
    /// Per line or per document.
    public var rounding: TaxRounding
    /// How amounts are brought to minor units.
    public var rule: RoundingRule

    /// A policy; the defaults are net prices, per-line rounding, half to even.
    public init(rate: Decimal, inclusion: TaxInclusion = .exclusive, rounding: TaxRounding = .perLine,
                rule: RoundingRule = .halfEven) {
        self.rate = rate
        self.inclusion = inclusion
        self.rounding = rounding
        self.rule = rule
    }

    /// WooCommerce's habits: PHP `round()` (half up) and per-line rounding unless the store
    /// rounds at subtotal level.
    public static func wooCommerce(rate: Decimal, inclusion: TaxInclusion, roundsAtSubtotal: Bool) -> TaxPolicy {
        TaxPolicy(rate: rate, inclusion: inclusion, rounding: roundsAtSubtotal ? .perDocument : .perLine, rule: .halfUp)
    }

    /// Tryton's habits: `currency.round` (half to even) and the company's tax rounding.
    public static func tryton(rate: Decimal, rounding: TaxRounding = .perDocument) -> TaxPolicy {
        TaxPolicy(rate: rate, inclusion: .exclusive, rounding: rounding, rule: .halfEven)
    }

    /// The exact (unrounded) tax in `amount`.
    public func exactTax(in amount: Money) -> Money {
        switch inclusion {
        case .exclusive: amount.multiplied(by: rate)
        case .inclusive: amount.multiplied(by: rate / (1 + rate))
        }
    }

    /// The tax on `lines`, all in `currency`. `currencyMismatch` names a line in another
    /// currency; `unallocatable` when per-document tax cannot be spread (lines of both signs).
    public func tax(on lines: [Money], in currency: CurrencyCode) throws(MoneyError) -> TaxBreakdown {
        let exact = lines.map(exactTax(in:))
        switch rounding {
        case .perLine:
            let rounded = exact.map { $0.rounded(rule) }
            return TaxBreakdown(lines: rounded, total: try Money.sum(rounded, in: currency))
        case .perDocument:
            let total = try Money.sum(exact, in: currency).rounded(rule)
            guard !lines.isEmpty else { return TaxBreakdown(lines: [], total: total) }
            let negative = total.isNegative
            let weights = exact.map { negative ? -$0.amount : $0.amount }
            if total.isZero && weights.allSatisfy({ $0 == 0 }) {
                return TaxBreakdown(lines: lines.map { _ in .zero(currency) }, total: total)
            }
            return TaxBreakdown(lines: try total.allocated(over: weights), total: total)
        }
    }
}
