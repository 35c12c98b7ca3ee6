public import Foundation

/// A weight, exact. WooCommerce sends `weight` as text in the store's unit
/// (`woocommerce_weight_unit`: kg, g, lbs, oz); Tryton has `weight` and `weight_uom`.
public struct Weight: Sendable, Hashable, Codable {
    /// Units of mass the systems use.
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        /// Kilogram.
        case kilogram = "kg"
        /// Gram.
        case gram = "g"
        /// Avoirdupois pound.
        case pound = "lb"
        /// Avoirdupois ounce.
        case ounce = "oz"
    }

    /// The amount, at least zero.
    public var value: Decimal
    /// Its unit.
    public var unit: Unit

    /// `value` in `unit`.
    public init(_ value: Decimal, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    func problems(at path: FieldPath) -> [ValidationProblem] {
        value < 0 ? [ValidationProblem(path("value"), .negative, "a weight cannot be below zero")] : []
    }
}

/// A parcel's size, exact: WooCommerce `dimensions{length,width,height}` in
/// `woocommerce_dimension_unit`; Tryton `length`, `width`, `height` with their units.
public struct Dimensions: Sendable, Hashable, Codable {
    /// Units of length the systems use.
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        /// Metre.
        case metre = "m"
        /// Centimetre.
        case centimetre = "cm"
        /// Millimetre.
        case millimetre = "mm"
        /// Inch.
        case inch = "in"
        /// Yard.
        case yard = "yd"
    }

    /// Length, at least zero.
    public var length: Decimal
    /// Width, at least zero.
    public var width: Decimal
    /// Height, at least zero.
    public var height: Decimal
    /// The unit of all three.
    public var unit: Unit

    /// A box of `length` × `width` × `height` `unit`.
    public init(length: Decimal, width: Decimal, height: Decimal, unit: Unit) {
        self.length = length
        self.width = width
        self.height = height
        self.unit = unit
    }

    func problems(at path: FieldPath) -> [ValidationProblem] {
        [("length", length), ("width", width), ("height", height)].compactMap { name, value in
            value < 0 ? ValidationProblem(path(name), .negative, "a dimension cannot be below zero") : nil
        }
    }
}
