/// The rows a statement returned, with the command's tag and affected-row count.
///
/// The rows stay in libpq's result buffer; decoding reads from it on demand.
public struct PostgresRows: RandomAccessCollection, Sendable {
    private let result: PostgresResult

    init(result: PostgresResult) {
        self.result = result
    }

    /// The first row's position, 0.
    public var startIndex: Int { 0 }
    /// One past the last row.
    public var endIndex: Int { result.rowCount }
    /// The row at a position.
    public subscript(position: Int) -> PostgresRow { PostgresRow(result: result, index: position) }

    /// The column labels, in order.
    public var columnNames: [String] { result.columns.map(\.name) }
    /// The command tag, e.g. `SELECT 3` or `UPDATE 1`.
    public var commandTag: String { result.commandTag }
    /// Rows inserted, updated, deleted, selected or copied; 0 for other commands.
    public var affectedRows: Int { result.affectedRows }

    /// Decodes every row into a tuple of the given column types.
    public func decode<each Value: PostgresDecodable>(_ types: (repeat each Value).Type) throws -> [(repeat each Value)] {
        try map { try $0.decode(types) }
    }

    /// Decodes one column of every row.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, column: String) throws -> [Value] {
        try map { try $0.decode(type, column: column) }
    }

    /// The only row, throwing if there are none or several (for lookups by key).
    public func single() throws -> PostgresRow {
        guard count == 1, let row = first else {
            throw PostgresError(.unexpectedResponse, "expected exactly one row, got \(count)")
        }
        return row
    }
}
