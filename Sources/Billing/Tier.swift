public import Foundation

/// One of a partner's tiers as seen on a given day: its terms in force then and, if the partner
/// has changed them, the terms that take over at the start of a later billing period.
public struct Tier: Sendable, Hashable, Codable {
    /// The partner selling it.
    public var partnerID: UUID
    /// The stable code customers refer to (`bronze`, `silver`, `gold`).
    public var code: String
    /// The partner's name for it, shown to its customers.
    public var name: String
    /// Order on price lists, lowest first.
    public var position: Int
    /// The terms in force on the day asked about; nil only before the tier's first period.
    public var current: DatedTierTerms?
    /// The next terms scheduled after that day, if any.
    public var scheduled: DatedTierTerms?
}

/// Terms and the billing period they apply from.
public struct DatedTierTerms: Sendable, Hashable, Codable {
    /// The first billing period the terms apply to; they apply until the next dated terms.
    public var effectiveFrom: BillingMonth
    /// The terms.
    public var terms: TierTerms

    public init(effectiveFrom: BillingMonth, terms: TierTerms) {
        self.effectiveFrom = effectiveFrom
        self.terms = terms
    }
}
