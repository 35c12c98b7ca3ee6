internal import CLibPQ

extension PostgresConnection {
    /// Runs one statement and returns its rows.
    ///
    /// Uses the extended query protocol (`PQsendQueryParams`): parameters travel apart from the
    /// SQL, in text format with their type OIDs, so one statement per call. A server error
    /// throws `PostgresError` of kind `.server` with the SQLSTATE in `code`.
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        PostgresRows(result: try run(query))
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ query: PostgresQuery) throws -> Int {
        try run(query).affectedRows
    }

    /// Runs a script of one or more statements separated by semicolons, with no parameters,
    /// through the simple query protocol (`PQexec` semantics). For migrations and fixtures; the
    /// SQL is trusted as written. Without an explicit BEGIN the statements run as one implicit
    /// transaction (PostgreSQL docs §55.2.2.1, "Multiple Statements in a Simple Query").
    public func runScript(unsafeSQL sql: String) throws {
        let handle = try liveHandle()
        logger.trace("running SQL script", metadata: ["postgres.sql": "\(PostgresError.summarize(sql))"])
        guard PQsendQuery(handle, sql) == 1 else {
            throw PostgresError(connectionError: handle, sql: sql, statementMayHaveRun: false)
        }
        _ = try collectResults(handle, sql: sql)
    }

    /// Sends a statement and collects its result; the one path every statement takes.
    func run(_ query: PostgresQuery) throws -> PostgresResult {
        try query.bindings.validate()
        let handle = try liveHandle()
        logger.trace("running SQL", metadata: [
            "postgres.sql": "\(PostgresError.summarize(query.sql))",
            "postgres.parameters": "\(query.bindings.count)",
        ])
        let sent = Self.withParameterArrays(query.bindings) { count, types, values in
            PQsendQueryParams(handle, query.sql, count, types, values, nil, nil, 0)
        }
        guard sent == 1 else {
            // libpq refused before the whole message left: the server cannot have run it.
            throw PostgresError(connectionError: handle, sql: query.sql, statementMayHaveRun: false)
        }
        return try collectResults(handle, sql: query.sql)
    }

    /// Reads results until libpq reports the command done (`PQgetResult` returns NULL).
    /// The first error wins; a broken connection always surfaces as `.connectionLost`.
    func collectResults(_ handle: OpaquePointer, sql: String) throws -> PostgresResult {
        var success: PostgresResult?
        var failure: PostgresError?
        while let raw = PQgetResult(handle) {
            let status = PQresultStatus(raw)
            switch status {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                // A script yields one result per statement; the last one is the script's.
                success = PostgresResult(taking: raw)
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                PQclear(raw)
                abandonCopy(handle, status: status)
                if failure == nil {
                    failure = PostgresError(.invalidUsage, "COPY through query() is not supported; use copyFrom(table:columns:rows:)")
                }
            default:
                if failure == nil { failure = PostgresError(result: raw, connection: handle, sql: sql) }
                PQclear(raw)
            }
        }
        if PQstatus(handle) != CONNECTION_OK {
            var error = failure ?? PostgresError(connectionError: handle, sql: sql, statementMayHaveRun: true)
            error.kind = .connectionLost
            logger.warning("PostgreSQL connection lost", metadata: ["postgres.error": "\(error.logSummary)"])
            throw error
        }
        if let failure { throw failure }
        guard let success else {
            throw PostgresError(.unexpectedResponse, "the server sent no result for the statement")
        }
        return success
    }

    /// Ends a COPY the caller did not ask for, so the session returns to normal.
    private func abandonCopy(_ handle: OpaquePointer, status: ExecStatusType) {
        if status == PGRES_COPY_IN {
            _ = PQputCopyEnd(handle, "COPY FROM STDIN is only supported through copyFrom")
        } else if status == PGRES_COPY_OUT {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &buffer, 0) > 0 {
                if let buffer { PQfreemem(buffer) }
                buffer = nil
            }
        }
    }

    /// Lays the parameters out as C arrays in one buffer: values (NULL for SQL NULL) and OIDs.
    private static func withParameterArrays<Result>(
        _ bindings: PostgresBindings,
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?) -> Result
    ) -> Result {
        var storage: [CChar] = []
        var offsets: [Int?] = []
        offsets.reserveCapacity(bindings.count)
        for value in bindings.values {
            guard let value else { offsets.append(nil); continue }
            offsets.append(storage.count)
            storage.append(contentsOf: value.utf8CString)
        }
        let types: [Oid] = bindings.dataTypes.map(\.rawValue)
        return storage.withUnsafeBufferPointer { buffer in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { buffer.baseAddress! + $0 } }
            return pointers.withUnsafeBufferPointer { values in
                types.withUnsafeBufferPointer { types in
                    body(Int32(bindings.count), types.baseAddress, values.baseAddress)
                }
            }
        }
    }
}
