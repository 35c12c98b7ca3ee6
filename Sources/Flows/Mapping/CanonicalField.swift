import Commerce

/// One field of a canonical record a mapping can fill: its path in the record as Commerce
/// names it (`billingAddress.country`, `lines[].sku`) and the type its value must have.
///
/// A path whose first step ends in `[]` is a *list field*: one value per element of a list
/// (an order's lines). Lists nest one level, as in Commerce's records.
public struct CanonicalField: Sendable, Hashable {
    /// The type of a field's value, which decides how source text is read and written.
    public enum ValueType: Sendable, Hashable {
        /// Text, written as a JSON string.
        case text
        /// An exact decimal (`12.50`), written as a JSON number. Text with a decimal point is
        /// read; a decimal comma needs the `decimal_comma` transform.
        case decimal
        /// `true`/`false`; also read from `yes`/`no`, `1`/`0`.
        case boolean
        /// An instant, written as RFC 3339 in UTC (`2026-11-22T08:44:33Z`). ISO 8601 text is
        /// read; without a zone it is taken in the mapping's time zone. Other forms need the
        /// `date` transform.
        case date
        /// One of a fixed set of words (an order status), written as a JSON string.
        case choice([String])
        /// An ISO 4217 code Commerce knows (`EUR`).
        case currency
        /// An ISO 3166-1 alpha-2 code (`DE`).
        case country

        /// The type as a person reads it in a message.
        public var name: String {
            switch self {
            case .text: "text"
            case .decimal: "a number"
            case .boolean: "true or false"
            case .date: "a date"
            case .choice(let words): "one of " + words.joined(separator: ", ")
            case .currency: "a currency code"
            case .country: "a country code"
            }
        }
    }

    /// `number`, `billingAddress.country`, `lines[].sku`.
    public let path: String
    /// The value's type.
    public let type: ValueType
    /// What the field holds, for the editor.
    public let summary: String

    /// A field.
    public init(_ path: String, _ type: ValueType = .text, _ summary: String) {
        self.path = path
        self.type = type
        self.summary = summary
    }

    /// The list a list field belongs to (`lines` for `lines[].sku`); nil for a plain field.
    public var list: String? {
        guard let first = path.split(separator: ".", maxSplits: 1).first, first.hasSuffix("[]") else { return nil }
        return String(first.dropLast(2))
    }

    /// The path inside each element (`sku` for `lines[].sku`); the whole path for a plain field.
    public var elementPath: String {
        guard list != nil, let dot = path.firstIndex(of: ".") else { return path }
        return String(path[path.index(after: dot)...])
    }

    /// The path of this field in element `index` of its list (`lines[2].sku`), as problems
    /// name it; the path itself for a plain field.
    public func path(at index: Int?) -> String {
        guard let list, let index else { return path }
        return "\(list)[\(index)].\(elementPath)"
    }
}

extension CanonicalField.ValueType {
    /// The order statuses of Commerce, by their stored words.
    static let orderStatus = CanonicalField.ValueType.choice(OrderStatus.allCases.map(\.rawValue))
    /// Whether amounts include tax.
    static let taxInclusion = CanonicalField.ValueType.choice(TaxInclusion.allCases.map(\.rawValue))
    /// Whether an item is sold.
    static let productStatus = CanonicalField.ValueType.choice(ProductStatus.allCases.map(\.rawValue))
    /// Where a shipment is.
    static let shipmentState = CanonicalField.ValueType.choice(Shipment.State.allCases.map(\.rawValue))
}
