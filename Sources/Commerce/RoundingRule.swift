import Foundation

/// How an exact amount is brought to a currency's minor units. Systems disagree, so the rule is
/// always named where rounding happens, never implied.
public enum RoundingRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ties go to the even neighbour (IEEE 754 roundTiesToEven, "banker's rounding"): 2.345 →
    /// 2.34, 2.355 → 2.36. Rounding many amounts does not drift upwards, so Counterpart uses it
    /// wherever it charges (`Money.roundedForCharging`). Tryton rounds this way too:
    /// `currency.currency.round` defaults to Python's `ROUND_HALF_EVEN`.
    case halfEven
    /// Ties go away from zero: 2.345 → 2.35, −2.345 → −2.35. This is PHP's `round()` (default
    /// `PHP_ROUND_HALF_UP`), which WooCommerce uses for line totals and taxes
    /// (`wc_round_tax_total`, `wc_format_decimal`), and Java's `RoundingMode.HALF_UP`.
    case halfUp
    /// Drops the digits beyond the minor units (toward zero): 2.349 → 2.34. For splitting an
    /// amount before the remainder is handed out (`Money.allocated`), never for charging.
    case towardZero

    var foundationMode: NSDecimalNumber.RoundingMode {
        switch self {
        case .halfEven: .bankers
        // NSDecimalRound's `.plain` rounds halves away from zero for both signs.
        case .halfUp: .plain
        case .towardZero: .down
        }
    }
}

extension Decimal {
    /// `self` rounded to `scale` digits after the point by `rule`. `NSDecimalRound`'s `.down`
    /// rounds toward negative infinity, so toward-zero rounds the magnitude and restores the sign.
    func rounded(scale: Int, _ rule: RoundingRule) -> Decimal {
        if rule == .towardZero && self < 0 { return -(-self).rounded(scale: scale, rule) }
        var exact = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, scale, rule.foundationMode)
        return rounded
    }
}
