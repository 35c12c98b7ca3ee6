/// One value of one row, in PostgreSQL's text output format, as handed to `PostgresDecodable`.
public struct PostgresCell: Sendable {
    private let result: PostgresResult
    private let row: Int
    /// The column's zero-based position.
    public let columnIndex: Int

    init(result: PostgresResult, row: Int, column: Int) {
        self.result = result
        self.row = row
        self.columnIndex = column
    }

    /// The column's label.
    public var columnName: String { result.columns[columnIndex].name }
    /// The column's PostgreSQL type.
    public var dataType: PostgresDataType { result.columns[columnIndex].dataType }
    /// Whether the value is SQL NULL.
    public var isNull: Bool { result.isNull(row: row, column: columnIndex) }
    /// The value's text form, or nil for NULL.
    public var text: String? { result.text(row: row, column: columnIndex) }

    /// The value's raw text-format bytes (empty for NULL), valid only inside `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try result.withBytes(row: row, column: columnIndex, body)
    }

    /// The text of a value that must not be NULL, for decoders of non-optional types.
    public func requireText<T>(for swiftType: T.Type) throws -> String {
        guard let text else {
            throw PostgresError.decodingFailed(self, as: swiftType, "the value is NULL; decode an Optional to accept NULL")
        }
        return text
    }

    /// Throws unless the column's type is one of `accepted`, naming the type that came.
    /// (An array, not a set: it holds a handful of types and is checked for every value decoded,
    /// where hashing would cost more than the comparisons.)
    public func requireType<T>(_ accepted: [PostgresDataType], for swiftType: T.Type) throws {
        guard accepted.contains(dataType) else {
            let names = accepted.map(\.description).sorted().joined(separator: ", ")
            throw PostgresError.decodingFailed(self, as: swiftType, "PostgreSQL type \(dataType) is not one of \(names)")
        }
    }

    /// A decoding error about this cell, carrying its column and type.
    public func failure<T>(decoding swiftType: T.Type, _ reason: String) -> PostgresError {
        PostgresError.decodingFailed(self, as: swiftType, reason)
    }
}
