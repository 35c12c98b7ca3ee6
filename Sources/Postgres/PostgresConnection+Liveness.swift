internal import CLibPQ

extension PostgresConnection {
    /// Checks, without blocking and without a round trip, whether an idle session still works.
    ///
    /// An idle session has nothing to read. When the server shuts down or restarts, each
    /// backend sends `FATAL 57P01 terminating connection due to administrator command` and
    /// closes its socket, so the socket turns readable. A zero-timeout `poll` sees that, and
    /// `PQconsumeInput` then reads the message (libpq hands it to the notice receiver) and the
    /// end of the stream, which marks the connection bad. Costs one `poll` when all is well.
    ///
    /// A server that vanished without closing the socket (a cut network) is not detected here;
    /// TCP keepalives or the statement itself will notice.
    public func isAliveWhenIdle() -> Bool {
        guard let handle = try? liveHandle(), PQstatus(handle) == CONNECTION_OK else { return false }
        guard transactionState == .idle else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        // A message and the end of the stream can take two reads to see; three is plenty.
        for _ in 0..<3 {
            guard let readable = try? SocketPoll.readable([socket], timeoutMilliseconds: 0) else { return false }
            if readable.first != true { return true }
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
                logger.info("idle PostgreSQL connection was closed by the server",
                            metadata: ["postgres.reason": "\(Self.errorMessage(of: handle) ?? "end of stream")"])
                return false
            }
            // Parse what arrived (notices, stray notifications) so it does not linger.
            _ = PQisBusy(handle)
            discardNotifications(handle)
        }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Drops notifications a pooled session received; only a `PostgresListener` wants them.
    private func discardNotifications(_ handle: OpaquePointer) {
        while let notification = PQnotifies(handle) {
            PQfreemem(notification)
        }
    }
}
