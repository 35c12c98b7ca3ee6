internal import CLibPQ

/// Owns one `PGresult` and frees it with `PQclear` when the last row referring to it is gone.
///
/// libpq docs, "Behavior in Threaded Programs": a PGresult is read-only after creation and may be
/// passed between threads, hence `@unchecked Sendable`; nothing here mutates it.
final class PostgresResult: @unchecked Sendable {
    /// A column's label and type, read once from `PQfname` / `PQftype`.
    struct Column: Sendable {
        let name: String
        let dataType: PostgresDataType
    }

    private let pointer: OpaquePointer
    /// The result's columns, in order.
    let columns: [Column]
    /// The first column with each label (duplicate labels resolve to the leftmost, as in SQL).
    let columnIndexByName: [String: Int]
    /// The number of rows.
    let rowCount: Int
    /// The command tag, e.g. `INSERT 0 3`.
    let commandTag: String
    /// Rows affected by INSERT/UPDATE/DELETE/MERGE/SELECT/COPY (`PQcmdTuples`); 0 for others.
    let affectedRows: Int

    /// Takes ownership of a result; it is cleared in `deinit`.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
        let columnCount = Int(PQnfields(pointer))
        var columns: [Column] = []
        columns.reserveCapacity(columnCount)
        var indexByName: [String: Int] = [:]
        for index in 0..<columnCount {
            let name = PQfname(pointer, Int32(index)).map { String(cString: $0) } ?? "?column?"
            columns.append(Column(name: name, dataType: PostgresDataType(rawValue: PQftype(pointer, Int32(index)))))
            if indexByName[name] == nil { indexByName[name] = index }
        }
        self.columns = columns
        self.columnIndexByName = indexByName
        self.rowCount = Int(PQntuples(pointer))
        self.commandTag = PQcmdStatus(pointer).map { String(cString: $0) } ?? ""
        self.affectedRows = PQcmdTuples(pointer).flatMap { Int(String(cString: $0)) } ?? 0
    }

    deinit {
        PQclear(pointer)
    }

    /// Whether the value at (row, column) is SQL NULL.
    func isNull(row: Int, column: Int) -> Bool {
        PQgetisnull(pointer, Int32(row), Int32(column)) == 1
    }

    /// The text-format bytes at (row, column), valid while `self` lives; empty for NULL.
    func withBytes<R>(row: Int, column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let length = Int(PQgetlength(pointer, Int32(row), Int32(column)))
        guard let start = PQgetvalue(pointer, Int32(row), Int32(column)) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeRawBufferPointer(start: start, count: length))
    }

    /// The value at (row, column) as a string, or nil for NULL.
    func text(row: Int, column: Int) -> String? {
        if isNull(row: row, column: column) { return nil }
        return withBytes(row: row, column: column) { String(decoding: $0, as: UTF8.self) }
    }
}
