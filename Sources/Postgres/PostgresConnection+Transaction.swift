/// The isolation levels PostgreSQL implements (docs §13.2, "Transaction Isolation").
public enum PostgresIsolationLevel: String, Sendable, CaseIterable {
    /// Each statement sees data committed before it began (the server default).
    case readCommitted = "READ COMMITTED"
    /// All statements see one snapshot; a conflicting write fails with 40001.
    case repeatableRead = "REPEATABLE READ"
    /// As if transactions ran one at a time; conflicts fail with 40001 and should be retried.
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    private static let commitSQL = "COMMIT"
    private static let rollbackSQL = "ROLLBACK"
    private static let setLocalSQL = "SELECT set_config($1, $2, true)"

    /// Runs `body` in a transaction: BEGIN, then COMMIT if it returns, ROLLBACK if it throws
    /// (and the error is rethrown).
    ///
    /// Called inside another transaction, it runs `body` under a SAVEPOINT instead, so a
    /// failing inner block rolls back only its own work. If a statement failed inside `body`
    /// and `body` caught the error, PostgreSQL has already doomed the transaction (25P02) and
    /// a COMMIT would silently roll back; this throws instead, so nobody believes it committed.
    public func transaction<Result>(isolation: PostgresIsolationLevel? = nil, readOnly: Bool = false,
                                    _ body: (PostgresConnection) throws -> Result) throws -> Result {
        if isInTransaction {
            guard isolation == nil, !readOnly else {
                throw PostgresError(.invalidUsage, "a nested transaction (savepoint) cannot set its own isolation level or read-only mode")
            }
            return try savepoint(body)
        }
        try execute(PostgresQuery(unsafeSQL: Self.beginSQL(isolation: isolation, readOnly: readOnly)))
        let result: Result
        do {
            result = try body(self)
        } catch {
            rollBack(after: error)
            throw error
        }
        switch transactionState {
        case .inTransaction:
            try execute(PostgresQuery(unsafeSQL: Self.commitSQL))
            return result
        case .failedTransaction:
            rollBack(after: nil)
            throw PostgresError(.invalidUsage, "a statement in the transaction failed and its error was caught; "
                                + "PostgreSQL aborted the transaction, so it was rolled back instead of committed")
        default:
            throw PostgresError(.invalidUsage, "the transaction was ended inside the closure (explicit COMMIT or ROLLBACK); "
                                + "let transaction { } end it")
        }
    }

    /// Sets a configuration parameter for the rest of the current transaction only, with
    /// `set_config(name, value, true)`, the parameterised form of `SET LOCAL` (docs §9.27.1).
    /// Tenancy uses it for `app.partner_id`, read by row-level security policies.
    /// Throws outside a transaction, where the setting would vanish with the statement.
    public func setLocal(_ name: String, _ value: String) throws {
        guard isInTransaction else {
            throw PostgresError(.invalidUsage, "setLocal(\(name)) outside a transaction has no effect; call it inside transaction { }")
        }
        _ = try run(PostgresQuery(unsafeSQL: Self.setLocalSQL, binds: [name, value]))
    }

    private static func beginSQL(isolation: PostgresIsolationLevel?, readOnly: Bool) -> String {
        var sql = "BEGIN"
        if let isolation { sql += " ISOLATION LEVEL \(isolation.rawValue)" }
        if readOnly { sql += " READ ONLY" }
        return sql
    }

    private func savepoint<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "counterpart_savepoint_\(savepointDepth)"
        try execute(PostgresQuery(unsafeSQL: "SAVEPOINT \(name)"))
        do {
            let result = try body(self)
            try execute(PostgresQuery(unsafeSQL: "RELEASE SAVEPOINT \(name)"))
            return result
        } catch {
            if isOpen, isInTransaction {
                do {
                    try execute(PostgresQuery(unsafeSQL: "ROLLBACK TO SAVEPOINT \(name)"))
                    try execute(PostgresQuery(unsafeSQL: "RELEASE SAVEPOINT \(name)"))
                } catch {
                    logger.warning("rolling back to a savepoint failed", metadata: ["postgres.error": "\(PostgresError.logSummary(of: error))"])
                }
            }
            throw error
        }
    }

    /// ROLLBACK after a failure; a broken connection needs none (the server rolls back).
    private func rollBack(after error: (any Error)?) {
        guard isOpen, isInTransaction else { return }
        do {
            try execute(PostgresQuery(unsafeSQL: Self.rollbackSQL))
        } catch {
            logger.warning("ROLLBACK failed; the connection will be discarded", metadata: ["postgres.error": "\(PostgresError.logSummary(of: error))"])
            close()
        }
    }
}
