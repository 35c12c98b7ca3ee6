internal import CLibPQ

/// One `NOTIFY` delivered to a listening session (PostgreSQL docs, `NOTIFY`).
public struct PostgresNotification: Sendable, Hashable {
    /// The channel it was sent on.
    public var channel: String
    /// The payload; empty when none was given.
    public var payload: String
    /// The process id of the server session that sent it.
    public var senderPID: Int32

    /// A notification with the given fields (for tests and fakes of consumers).
    public init(channel: String, payload: String, senderPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderPID = senderPID
    }
}

extension PostgresConnection {
    /// The session's socket, for waiting with `poll`.
    func socketDescriptor() throws -> Int32 {
        let handle = try liveHandle()
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw PostgresError(connectionError: handle, sql: nil, statementMayHaveRun: true) }
        return socket
    }

    /// Reads whatever the socket holds without blocking and returns the notifications in it
    /// (libpq docs §34.9, "Asynchronous Notification": `PQconsumeInput` then `PQnotifies`).
    /// Throws `.connectionLost` when the server has gone.
    func receiveNotifications() throws -> [PostgresNotification] {
        let handle = try liveHandle()
        guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
            var error = PostgresError(connectionError: handle, sql: nil, statementMayHaveRun: true)
            error.kind = .connectionLost
            throw error
        }
        var notifications: [PostgresNotification] = []
        while let raw = PQnotifies(handle) {
            defer { PQfreemem(raw) }
            let notice = raw.pointee
            notifications.append(PostgresNotification(channel: notice.relname.map { String(cString: $0) } ?? "",
                                                      payload: notice.extra.map { String(cString: $0) } ?? "",
                                                      senderPID: notice.be_pid))
        }
        return notifications
    }
}

extension PostgresConnection {
    private static let notifySQL = "SELECT pg_notify($1, $2)"

    /// Sends a notification with `pg_notify`. Inside a transaction it is delivered when the
    /// transaction commits and dropped if it rolls back (PostgreSQL docs, NOTIFY), which is
    /// how "row written" and "wake the workers" stay consistent.
    public func notify(channel: String, payload: String = "") throws {
        _ = try run(PostgresQuery(unsafeSQL: Self.notifySQL, binds: [channel, payload]))
    }
}
