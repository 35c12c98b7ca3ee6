public import Foundation

/// One row of a result. Values decode by column name, by position, or all at once into a tuple:
///
/// ```swift
/// let id = try row.decode(Int.self, column: "id")
/// let (id, name) = try row.decode((Int, String?).self)
/// ```
public struct PostgresRow: Sendable {
    private let result: PostgresResult
    /// The row's zero-based position in its result.
    public let index: Int

    init(result: PostgresResult, index: Int) {
        self.result = result
        self.index = index
    }

    /// The column labels, in order.
    public var columnNames: [String] { result.columns.map(\.name) }

    /// The cell at a position, for custom decoding.
    public func cell(at column: Int) throws -> PostgresCell {
        guard result.columns.indices.contains(column) else {
            throw PostgresError(.decoding, "no column at position \(column); the row has \(result.columns.count)")
        }
        return PostgresCell(result: result, row: index, column: column)
    }

    /// The cell in a named column, for custom decoding.
    public func cell(named column: String) throws -> PostgresCell {
        guard let position = result.columnIndexByName[column] else {
            let known = result.columns.map(\.name).joined(separator: ", ")
            throw PostgresError(.decoding, "no column named \"\(column)\"; the row has: \(known)")
        }
        return PostgresCell(result: result, row: index, column: position)
    }

    /// Decodes the named column.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, column: String) throws -> Value {
        try Value(postgresCell: cell(named: column))
    }

    /// Decodes the column at a zero-based position.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, at column: Int) throws -> Value {
        try Value(postgresCell: cell(at: column))
    }

    /// Decodes every column, left to right, into a tuple; the tuple must have one element per
    /// column, so a changed SELECT list fails loudly instead of shifting values.
    public func decode<each Value: PostgresDecodable>(_ types: (repeat each Value).Type) throws -> (repeat each Value) {
        var expected = 0
        for _ in repeat (each Value).self { expected += 1 }
        guard expected == result.columns.count else {
            throw PostgresError(.decoding, "the row has \(result.columns.count) columns but \(expected) types were given")
        }
        var position = 0
        func next<Column: PostgresDecodable>(_ type: Column.Type) throws -> Column {
            defer { position += 1 }
            return try Column(postgresCell: PostgresCell(result: result, row: index, column: position))
        }
        return (repeat try next((each Value).self))
    }

    /// Decodes a json or jsonb column into any `Decodable` type.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type, column: String,
                                             decoder: JSONDecoder = JSONDecoder()) throws -> Value {
        try cell(named: column).decodeJSON(type, decoder: decoder)
    }

    /// Whether the named column is NULL in this row.
    public func isNull(column: String) throws -> Bool {
        try cell(named: column).isNull
    }
}
