/// A product's tax class: which rate applies is decided by the class and the buyer's place.
/// WooCommerce names classes by slug (`""` is the standard rate, `reduced-rate`, `zero-rate`);
/// Tryton attaches taxes to the account category. A mapping's value map turns one into the other.
public struct TaxClass: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The slug (`standard`, `reduced-rate`).
    public let rawValue: String

    /// A class named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The standard rate (WooCommerce's empty `tax_class`).
    public static let standard = TaxClass(rawValue: "standard")
    /// A reduced rate (WooCommerce `reduced-rate`).
    public static let reduced = TaxClass(rawValue: "reduced-rate")
    /// Zero-rated goods (WooCommerce `zero-rate`).
    public static let zero = TaxClass(rawValue: "zero-rate")

    /// The slug.
    public var description: String { rawValue }
}
