/// The kind of system a record came from or was written to. A struct over a string rather than
/// a closed enum: a new connector kind must not need a change here to be cross-referenced.
public struct SystemKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stable name (`woocommerce`, `tryton-erp`).
    public let rawValue: String

    /// A kind named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A WooCommerce store (REST v3 ids: products, variations, orders, customers).
    public static let wooCommerce = SystemKind(rawValue: "woocommerce")
    /// Tryton as the ERP (database `erp`: `product.product`, `sale.sale`, `party.party` ids).
    public static let trytonERP = SystemKind(rawValue: "tryton-erp")
    /// Tryton's point of sale (`sale.point.sale` in database `pos`).
    public static let trytonPOS = SystemKind(rawValue: "tryton-pos")
    /// A legacy system exchanging CSV files.
    public static let fileDrop = SystemKind(rawValue: "file-drop")

    /// The name.
    public var description: String { rawValue }
}

/// A record's identity in one system, so the hub can cross-reference (WooCommerce order 23 is
/// Tryton sale 7). Ids are kept as text exactly as the system gives them: WooCommerce's are
/// integers, Tryton's too, a file drop's may be anything.
public struct ExternalID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which system.
    public var system: SystemKind
    /// The id there, exact.
    public var id: String

    /// `id` in `system`.
    public init(_ system: SystemKind, _ id: String) {
        self.system = system
        self.id = id
    }

    /// `woocommerce:23`.
    public var description: String { "\(system.rawValue):\(id)" }

    /// Longest id accepted; far above any real one, low enough to keep a bad mapping (a whole
    /// payload in an id field) out of the cross-reference table.
    public static let maxLength = 200

    func problems(at path: FieldPath) -> [ValidationProblem] {
        TextRules.problems(system.rawValue, at: path("system"), maxLength: 50)
            + TextRules.problems(id, at: path("id"), maxLength: Self.maxLength)
    }
}

extension Array where Element == ExternalID {
    /// The id this record has in `system`, if any.
    public func id(in system: SystemKind) -> String? { first { $0.system == system }?.id }

    /// Each id's own problems, and a `duplicate` for a second id in the same system: one record
    /// has one identity per system, or the cross-reference would point two ways.
    func problems(at path: FieldPath) -> [ValidationProblem] {
        var seen: Set<SystemKind> = []
        var problems: [ValidationProblem] = []
        for (index, externalID) in enumerated() {
            let elementPath = path.index(index)
            problems += externalID.problems(at: elementPath)
            if !seen.insert(externalID.system).inserted {
                problems.append(ValidationProblem(elementPath("system"), .duplicate, "a second id in \(externalID.system)"))
            }
        }
        return problems
    }
}
