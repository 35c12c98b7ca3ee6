// The ModelStorage methods every stored Tryton model exposes over RPC (trytond
// `model/modelstorage.py`: search, search_read, read, create, write, delete) and buttons, with
// their positional parameters spelt out once. The context is always last (`execute` adds it).
extension TrytonClient {
    /// `search(domain, offset, limit, order)` → ids.
    public func search(_ model: String, _ domain: TrytonValue, offset: Int = 0, limit: Int? = nil,
                       order: [(String, String)]? = nil, context: [String: TrytonValue] = [:]) throws(ConnectorError) -> [Int] {
        try execute(model, "search", [domain, .int(offset), limit.map(TrytonValue.int) ?? .null, Self.order(order)],
                    context: context).idList
    }

    /// `search_read(domain, offset, limit, order, fields)` → records.
    public func searchRead(_ model: String, _ domain: TrytonValue, fields: [String], offset: Int = 0, limit: Int? = nil,
                           order: [(String, String)]? = nil, context: [String: TrytonValue] = [:]) throws(ConnectorError) -> [TrytonRecord] {
        let answer = try execute(model, "search_read",
                                 [domain, .int(offset), limit.map(TrytonValue.int) ?? .null, Self.order(order),
                                  .array(fields.map(TrytonValue.string))],
                                 context: context)
        return Self.records(answer)
    }

    /// `read(ids, fields)` → records in the order of `ids` (Tryton answers in any order).
    public func read(_ model: String, _ ids: [Int], fields: [String],
                     context: [String: TrytonValue] = [:]) throws(ConnectorError) -> [TrytonRecord] {
        guard !ids.isEmpty else { return [] }
        let answer = try execute(model, "read", [.ids(ids), .array(fields.map(TrytonValue.string))], context: context)
        let byID = Dictionary(Self.records(answer).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    /// `create([values, …])` → the new ids, in order.
    public func create(_ model: String, _ values: [[String: TrytonValue]],
                       context: [String: TrytonValue] = [:]) throws(ConnectorError) -> [Int] {
        let ids = try execute(model, "create", [.array(values.map(TrytonValue.object))], context: context).idList
        guard ids.count == values.count else {
            throw ConnectorError.permanent("Tryton created \(ids.count) \(model) records for \(values.count) asked.")
        }
        return ids
    }

    /// `write(ids, values)`.
    public func write(_ model: String, _ ids: [Int], _ values: [String: TrytonValue],
                      context: [String: TrytonValue] = [:]) throws(ConnectorError) {
        guard !ids.isEmpty, !values.isEmpty else { return }
        _ = try execute(model, "write", [.ids(ids), .object(values)], context: context)
    }

    /// A button or workflow transition (`quote`, `confirm`, `do`, `post`): `method(ids)`.
    public func press(_ model: String, _ button: String, _ ids: [Int],
                      context: [String: TrytonValue] = [:]) throws(ConnectorError) {
        _ = try execute(model, button, [.ids(ids)], context: context)
    }

    /// The one id `search` finds, nil for none; more than one is a business error (a code that
    /// should be unique is not).
    func uniqueID(_ model: String, _ domain: TrytonValue, describing what: String,
                  context: [String: TrytonValue] = [:]) throws(ConnectorError) -> Int? {
        let ids = try search(model, domain, limit: 2, context: context)
        guard ids.count <= 1 else {
            throw ConnectorError.business("Tryton has more than one \(model) for \(what) (ids \(ids.map(String.init).joined(separator: ", "))); make it unique in Tryton.")
        }
        return ids.first
    }

    /// `[[field, "ASC"], …]`, or null for the model's default order.
    private static func order(_ order: [(String, String)]?) -> TrytonValue {
        guard let order else { return .null }
        return .array(order.map { .array([.string($0.0), .string($0.1)]) })
    }

    private static func records(_ answer: TrytonValue) -> [TrytonRecord] {
        (answer.arrayValue ?? []).compactMap { value in
            if case .object(let members) = value { return TrytonRecord(members) }
            return nil
        }
    }
}
