extension PostgresPool {
    /// Runs one statement on a pooled connection and returns its rows.
    ///
    /// Retried once on a fresh connection when the first attempt failed in a way that proves
    /// the statement did not run: libpq could not send it, or the server answered that it was
    /// terminating the session (57P01 admin_shutdown during a restart, 57P02, 57P03). A
    /// connection that dropped after the statement was sent is not retried: the statement may
    /// have committed, and running it twice is worse than reporting the error.
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        try retryingOnceOnLostConnection { try $0.query(query) }
    }

    /// Runs one statement on a pooled connection and returns the affected row count, with the
    /// same single retry as `query`.
    @discardableResult
    public func execute(_ query: PostgresQuery) throws -> Int {
        try retryingOnceOnLostConnection { try $0.execute(query) }
    }

    /// Runs `body` in a transaction on a pooled connection: COMMIT if it returns, ROLLBACK if it
    /// throws. If the connection turns out dead at BEGIN — before `body` ran — the whole
    /// transaction starts over once on a fresh connection; once `body` has run it never repeats.
    public func transaction<Result>(isolation: PostgresIsolationLevel? = nil, readOnly: Bool = false,
                                    _ body: (PostgresConnection) throws -> Result) throws -> Result {
        var bodyStarted = false
        func attempt() throws -> Result {
            try withConnection { connection in
                try connection.transaction(isolation: isolation, readOnly: readOnly) { connection in
                    bodyStarted = true
                    return try body(connection)
                }
            }
        }
        do {
            return try attempt()
        } catch let error as PostgresError where !bodyStarted && error.isSafeToRetryOnFreshConnection {
            logger.warning("connection lost at BEGIN; starting the transaction again on a fresh connection",
                           metadata: ["postgres.error": "\(error.logSummary)"])
            return try attempt()
        }
    }

    /// Sends a notification with `pg_notify` (PostgreSQL docs, NOTIFY): delivered to every
    /// session listening on `channel` when the surrounding transaction commits — here at once.
    public func notify(channel: String, payload: String = "") throws {
        try retryingOnceOnLostConnection { try $0.notify(channel: channel, payload: payload) }
    }

    private func retryingOnceOnLostConnection<Result>(_ work: (PostgresConnection) throws -> Result) throws -> Result {
        do {
            return try withConnection(work)
        } catch let error as PostgresError where error.isSafeToRetryOnFreshConnection {
            logger.warning("connection lost before the statement ran; retrying once on a fresh connection",
                           metadata: ["postgres.error": "\(error.logSummary)"])
            return try withConnection(work)
        }
    }
}
