public import Commerce

/// What a mapping made of one record: the canonical fields it filled and every problem it
/// found. A record with problems is a business exception for the flow (an operator fixes the
/// mapping or the source and replays), never a crash.
public struct MappingResult: Sendable, Equatable {
    /// One filled field, at its concrete path.
    public struct Value: Sendable, Equatable {
        /// `number`, `billingAddress.country`, `lines[1].sku`.
        public let path: String
        /// The value, of the field's type.
        public let value: JSON
    }

    /// The filled fields in the order the mapping lists them, list elements in source order.
    public let values: [Value]
    /// Every problem: where (`lines[1].sku`), which rule, a sentence naming the source.
    public let problems: [ValidationProblem]

    /// The canonical record as nested JSON: `{"billingAddress": {"country": "DE"},
    /// "lines": [{"sku": "MUG-1"}]}`. A list has one object per source element, even an
    /// empty one, so `lines[2]` is always the source's third element.
    public let fields: JSON

    init(values: [Value], listSizes: [String: Int], problems: [ValidationProblem]) {
        self.values = values
        self.problems = problems
        var root: [String: JSON] = [:]
        var lists: [String: [[String: JSON]]] = listSizes.mapValues { Array(repeating: [:], count: $0) }
        for value in values {
            if let (list, index, rest) = Self.listElement(value.path), lists[list]?.indices.contains(index) == true {
                Self.insert(value.value, at: rest[...], into: &lists[list]![index])
            } else {
                Self.insert(value.value, at: value.path.split(separator: ".")[...], into: &root)
            }
        }
        for (name, elements) in lists { root[name] = .array(elements.map(JSON.object)) }
        fields = .object(root)
    }

    /// Whether the record mapped without a problem.
    public var isClean: Bool { problems.isEmpty }

    /// The value at a concrete path (`lines[1].sku`), or nil when the mapping filled none.
    public func value(at path: String) -> JSON? {
        values.first { $0.path == path }?.value
    }

    /// `lines[2].sku` → (`lines`, 2, [`sku`]).
    private static func listElement(_ path: String) -> (String, Int, [Substring])? {
        let steps = path.split(separator: ".")
        guard let first = steps.first, first.hasSuffix("]"), let open = first.firstIndex(of: "["),
              let index = Int(first[first.index(after: open)..<first.index(before: first.endIndex)]) else { return nil }
        return (String(first[..<open]), index, Array(steps.dropFirst()))
    }

    private static func insert(_ value: JSON, at steps: ArraySlice<Substring>, into object: inout [String: JSON]) {
        guard let first = steps.first else { return }
        let name = String(first)
        if steps.count == 1 {
            object[name] = value
            return
        }
        var nested: [String: JSON] = if case .object(let members)? = object[name] { members } else { [:] }
        insert(value, at: steps.dropFirst(), into: &nested)
        object[name] = .object(nested)
    }
}

/// The customer's lookup tables a mapping reads (`lookup sku_xref`), by name: key → value.
/// The flows load the tables a mapping names (`Mapping.lookupTableNames`) with the mapping.
public struct LookupTables: Sendable, Equatable {
    /// The tables by name.
    public var tables: [String: [String: String]]

    /// Tables by name.
    public init(_ tables: [String: [String: String]] = [:]) {
        self.tables = tables
    }

    /// The table named `name`, or nil.
    public subscript(name: String) -> [String: String]? { tables[name] }
}
