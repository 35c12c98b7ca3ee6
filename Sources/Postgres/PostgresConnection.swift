internal import CLibPQ
public import Logging

/// One session with PostgreSQL over libpq, used by one thread at a time.
///
/// Every call blocks the calling thread until the server answers; run it on a worker thread,
/// never on an event loop. The object owns its `PGconn` and closes it with `PQfinish` when
/// released or when `close()` is called. It is deliberately not `Sendable`: libpq allows one
/// thread per connection at a time (libpq docs §34.21, "Behavior in Threaded Programs"), and
/// a pool hands whole connections from thread to thread.
public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// Logs of this connection, with the server process id as metadata.
    let logger: Logger
    private let noticeSink: NoticeSink
    /// How many `transaction { }` calls are nested inside the outermost one (savepoints).
    var savepointDepth = 0

    /// Opens a session, waiting at most `configuration.connectTimeout`.
    /// Throws `PostgresError` of kind `.connectionFailed` with libpq's reason.
    public init(configuration: PostgresConfiguration, logger: Logger) throws {
        let parameters = try ConnectionParameters(configuration)
        guard let handle = parameters.withCArrays({ PQconnectdbParams($0, $1, 0) }) else {
            throw PostgresError(.connectionFailed, "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            var error = PostgresError(.connectionFailed, Self.errorMessage(of: handle) ?? "connection failed")
            error.statementMayHaveRun = false
            PQfinish(handle)
            throw error
        }
        self.handle = handle
        var logger = logger
        logger[metadataKey: "postgres.backend_pid"] = "\(PQbackendPID(handle))"
        self.logger = logger
        self.noticeSink = NoticeSink(logger: logger)
        // Route the server's notices (RAISE NOTICE, "already exists, skipping", a FATAL that
        // arrives while idle) to the logger instead of libpq's default of printing to stderr.
        PQsetNoticeReceiver(handle, { argument, result in
            guard let argument, let result else { return }
            Unmanaged<NoticeSink>.fromOpaque(argument).takeUnretainedValue().receive(result)
        }, Unmanaged.passUnretained(noticeSink).toOpaque())
        try verifySessionSettings(handle)
        self.logger.debug("opened PostgreSQL connection")
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Closes the session now; later calls throw `.connectionLost`.
    public func close() {
        guard let handle else { return }
        PQfinish(handle)
        self.handle = nil
        logger.debug("closed PostgreSQL connection")
    }

    /// Whether the session is open and libpq has not seen it break. A dead server is noticed
    /// only when the socket is next read; see `isAliveWhenIdle()` for an active check.
    public var isOpen: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server process id serving this session (`pg_backend_pid()`), 0 once closed.
    public var backendPID: Int32 {
        handle.map { PQbackendPID($0) } ?? 0
    }

    /// The server's version as an integer, e.g. 150018 for 15.18.
    public var serverVersion: Int {
        handle.map { Int(PQserverVersion($0)) } ?? 0
    }

    /// The session's transaction state (`PQtransactionStatus`).
    var transactionState: TransactionState {
        guard let handle else { return .unknown }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        case PQTRANS_ACTIVE: return .active
        default: return .unknown
        }
    }

    /// Whether a transaction block is open (also when it has failed and awaits ROLLBACK).
    public var isInTransaction: Bool {
        let state = transactionState
        return state == .inTransaction || state == .failedTransaction
    }

    enum TransactionState { case idle, active, inTransaction, failedTransaction, unknown }

    /// The live `PGconn`, or `.connectionLost` if `close()` was called.
    func liveHandle() throws -> OpaquePointer {
        guard let handle else {
            var error = PostgresError(.connectionLost, "the connection was closed")
            error.statementMayHaveRun = false
            throw error
        }
        return handle
    }

    /// Quotes a name as an SQL identifier with `PQescapeIdentifier` (`"my ""table"""`), for the
    /// few statements that cannot take a name as a parameter (LISTEN, COPY).
    public func quoteIdentifier(_ name: String) throws -> String {
        let handle = try liveHandle()
        let utf8 = Array(name.utf8)
        guard !utf8.contains(0) else { throw PostgresError(.encoding, "an identifier cannot contain NUL") }
        guard let quoted = PQescapeIdentifier(handle, name, utf8.count) else {
            throw PostgresError(.encoding, "cannot quote identifier: \(Self.errorMessage(of: handle) ?? "invalid text")")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// libpq's last error text for a connection, trimmed; nil when empty.
    static func errorMessage(of handle: OpaquePointer) -> String? {
        guard let message = PQerrorMessage(handle) else { return nil }
        let text = String(cString: message).trimmingTrailingWhitespace()
        return text.isEmpty ? nil : text
    }

    /// The decoders need ISO dates in UTC; a pooler or server that ignored the startup
    /// options would otherwise corrupt every timestamp silently.
    private func verifySessionSettings(_ handle: OpaquePointer) throws {
        for name in ["TimeZone", "DateStyle"] {
            let reported = PQparameterStatus(handle, name).map { String(cString: $0) } ?? ""
            let wanted = PostgresConfiguration.requiredSessionSettings.first { $0.name == name }?.value ?? ""
            guard reported.hasPrefix(wanted) else {
                throw PostgresError(.connectionFailed, "the server reports \(name) = \(reported), not \(wanted); "
                                    + "a connection pooler may be dropping startup options")
            }
        }
    }
}

/// Receives notices for one connection and logs them; never logs DETAIL, which may hold values.
private final class NoticeSink {
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func receive(_ result: OpaquePointer) {
        let field: (Character) -> String? = { code in
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        let severity = field("V") ?? "NOTICE"
        let message = "\(severity) \(field("C") ?? "-----"): \(field("M") ?? "")"
        switch severity {
        case "WARNING", "ERROR", "FATAL", "PANIC": logger.warning("PostgreSQL \(message)")
        default: logger.debug("PostgreSQL \(message)")
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
