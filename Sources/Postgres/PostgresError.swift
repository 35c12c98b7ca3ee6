/// An error from PostgreSQL, from libpq, or from this module's own handling of a statement.
///
/// `kind` says which layer failed. Errors the server reports (`kind == .server`) carry the
/// SQLSTATE in `code` and the fields of its ErrorResponse message (PostgreSQL docs,
/// "Error and Notice Message Fields"), so callers can react to `.uniqueViolation` or
/// `.serializationFailure` without parsing text. Decoding errors carry the column, its
/// PostgreSQL type and the Swift type asked for.
///
/// `detail` may quote row values (e.g. `Key (email)=(…) already exists`); this module never logs
/// it, and callers that log `description` should treat it as data, not as a log-safe string.
public struct PostgresError: Error, Sendable, Hashable {
    /// Which layer failed; every kind comes with a readable `message`.
    public enum Kind: String, Sendable, Hashable {
        /// The server rejected a statement; `code` and the server fields are set.
        case server
        /// A connection could not be opened (bad address, refused, authentication, timeout).
        case connectionFailed
        /// An open connection broke while in use, or was found broken.
        case connectionLost
        /// No pooled connection became free before the acquire timeout.
        case poolTimeout
        /// The pool was closed.
        case poolClosed
        /// A column could not be decoded into the Swift type asked for.
        case decoding
        /// A Swift value could not be encoded as a parameter.
        case encoding
        /// The server or libpq answered in a way this module did not expect.
        case unexpectedResponse
        /// The API was used in a way it does not support (bad configuration, misuse).
        case invalidUsage
    }

    /// Where a decoding error happened: which column, what PostgreSQL sent, what Swift wanted.
    public struct DecodingContext: Sendable, Hashable {
        /// The column's name as the server labelled it.
        public var columnName: String
        /// The column's zero-based position in the row.
        public var columnIndex: Int
        /// The column's PostgreSQL type.
        public var dataType: PostgresDataType
        /// The Swift type the caller asked for, e.g. `Optional<Int>`.
        public var swiftType: String

        /// A context from its parts.
        public init(columnName: String, columnIndex: Int, dataType: PostgresDataType, swiftType: String) {
            self.columnName = columnName
            self.columnIndex = columnIndex
            self.dataType = dataType
            self.swiftType = swiftType
        }
    }

    /// Which layer failed.
    public var kind: Kind
    /// The SQLSTATE the server reported; nil when the error did not come from the server.
    public var code: Code?
    /// The primary, human-readable message.
    public var message: String
    /// The server's severity (`ERROR`, `FATAL`, `PANIC`), not localised.
    public var severity: String?
    /// The server's secondary message; may quote row values.
    public var detail: String?
    /// The server's suggestion of what to do about it.
    public var hint: String?
    /// The schema of the object the error is about.
    public var schema: String?
    /// The table the error is about.
    public var table: String?
    /// The column the error is about.
    public var column: String?
    /// The data type the error is about.
    public var dataTypeName: String?
    /// The constraint that was violated.
    public var constraint: String?
    /// The 1-based character position in the statement the error points at.
    public var position: Int?
    /// The statement's SQL (never its parameter values), shortened for reading.
    public var statement: String?
    /// Set for `.decoding` errors.
    public var decoding: DecodingContext?

    /// Whether the statement may have reached the server. False only when libpq reports that
    /// sending failed, so a retry on a fresh connection cannot run the statement twice.
    var statementMayHaveRun: Bool = true

    /// Creates an error of a kind with a message; the server fields stay empty.
    public init(_ kind: Kind, _ message: String, code: Code? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
    }
}

extension PostgresError {
    /// Whether the connection that produced this error can no longer be used.
    public var isConnectionError: Bool {
        switch kind {
        case .connectionLost, .connectionFailed: return true
        case .server: return code?.isConnectionException == true || code.map(Self.sessionEndingCodes.contains) == true
        default: return false
        }
    }

    /// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now: the server ended
    /// (or refused) the session, aborting whatever it was running. 57014 query_canceled, the
    /// other class-57 code, leaves the session usable and is not among them.
    private static let sessionEndingCodes: Set<Code> = [.adminShutdown, .crashShutdown, .cannotConnectNow]

    /// Whether retrying the same work on a fresh connection cannot run a statement twice:
    /// the statement was never sent, or the server reported that it terminated the session
    /// (which aborts whatever was running, so nothing committed). A failure to connect is not
    /// retried: the acquire itself failed, and an immediate second attempt would mostly double
    /// the wait.
    var isSafeToRetryOnFreshConnection: Bool {
        guard isConnectionError, kind != .connectionFailed else { return false }
        if !statementMayHaveRun { return true }
        return code.map(Self.sessionEndingCodes.contains) == true
    }

    /// A description safe for logs: the kind and SQLSTATE, never the server's message or
    /// detail, which can quote values ("invalid input syntax for type integer: \"…\"").
    var logSummary: String {
        switch kind {
        case .server: return "server error \(code?.description ?? "-----")"
        case .connectionFailed, .connectionLost, .poolTimeout, .poolClosed:
            // A server-sent message could quote values; libpq's and the pool's own messages
            // (no SQLSTATE) name hosts and states only.
            if let code { return "\(kind.rawValue) \(code)" }
            return "\(kind.rawValue): \(message)"
        default: return kind.rawValue
        }
    }

    /// `logSummary` for any error; other errors by type only, since their text is unknown.
    static func logSummary(of error: any Error) -> String {
        (error as? PostgresError)?.logSummary ?? "\(type(of: error))"
    }

    static func decodingFailed(_ cell: PostgresCell, as swiftType: Any.Type, _ reason: String) -> PostgresError {
        var error = PostgresError(.decoding, reason)
        error.decoding = DecodingContext(columnName: cell.columnName, columnIndex: cell.columnIndex,
                                         dataType: cell.dataType, swiftType: String(reflecting: swiftType))
        return error
    }

    /// Shortens SQL for error messages: whitespace collapsed, at most 200 characters.
    static func summarize(_ sql: String) -> String {
        let collapsed = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.count <= 200 ? collapsed : String(collapsed.prefix(199)) + "…"
    }
}

extension PostgresError: CustomStringConvertible {
    /// One readable line: what failed, the SQLSTATE and its name, and the context that helps.
    public var description: String {
        var text: String
        switch kind {
        case .server:
            let name = code.flatMap(\.conditionName).map { " \($0)" } ?? ""
            text = "PostgreSQL \(severity ?? "ERROR") \(code?.rawValue ?? "-----")\(name): \(message)"
        case .decoding:
            text = "cannot decode"
            if let decoding {
                text += " column \"\(decoding.columnName)\" (#\(decoding.columnIndex), \(decoding.dataType))"
                    + " as \(decoding.swiftType)"
            }
            text += ": \(message)"
        default:
            text = "\(kind.readableName): \(message)"
            if let code { text += " (SQLSTATE \(code.rawValue))" }
        }
        let context: [(String, String?)] = [
            ("detail", detail), ("hint", hint), ("schema", schema), ("table", table), ("column", column),
            ("type", dataTypeName), ("constraint", constraint), ("position", position.map(String.init)),
            ("statement", statement),
        ]
        for case let (label, value?) in context { text += "; \(label): \(value)" }
        return text
    }
}

extension PostgresError.Kind {
    fileprivate var readableName: String {
        switch self {
        case .server: return "server error"
        case .connectionFailed: return "cannot connect to PostgreSQL"
        case .connectionLost: return "connection to PostgreSQL lost"
        case .poolTimeout: return "timed out waiting for a pooled connection"
        case .poolClosed: return "connection pool closed"
        case .decoding: return "cannot decode"
        case .encoding: return "cannot encode parameter"
        case .unexpectedResponse: return "unexpected response from PostgreSQL"
        case .invalidUsage: return "invalid use of the Postgres module"
        }
    }
}
