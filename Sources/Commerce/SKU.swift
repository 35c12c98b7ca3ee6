import Foundation

/// A stock-keeping unit: the key by which products, variants, prices, stock and order lines are
/// matched across systems (WooCommerce `sku`, Tryton `product.product.code`).
///
/// Surrounding blanks are trimmed, as WooCommerce does on save (`wc_clean` in
/// `WC_Product::set_sku`), so `"MUG-1 "` from a spreadsheet and `"MUG-1"` from the shop are
/// the same item. Inside, an SKU must be non-empty, at most `maxLength` characters and free of
/// control characters. Comparison is exact otherwise: case is kept, since systems differ on
/// whether `mug-1` and `MUG-1` are one item and a silent merge would be worse than a miss.
public struct SKU: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The trimmed text.
    public let text: String

    /// WooCommerce's product lookup table holds SKUs in `varchar(100)`
    /// (`wc_product_meta_lookup.sku`); a longer one could not round-trip through the shop.
    public static let maxLength = 100

    /// The SKU for `text` after trimming; `ValidationError` lists what is wrong.
    public init(_ text: String) throws(ValidationError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let problems = Self.problems(trimmed, at: "")
        guard problems.isEmpty else { throw ValidationError(problems) }
        self.text = trimmed
    }

    /// What is wrong with `text` as an SKU, reported at `path` (after trimming).
    public static func problems(_ text: String, at path: String) -> [ValidationProblem] {
        TextRules.problems(text.trimmingCharacters(in: .whitespacesAndNewlines), at: path, maxLength: maxLength)
    }

    /// The text.
    public var description: String { text }

    public static func < (left: SKU, right: SKU) -> Bool { left.text < right.text }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid SKU: \(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
