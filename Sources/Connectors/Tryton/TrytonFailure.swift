import HTTPClient

/// How Tryton's answers become ``ConnectorError`` classes. Tryton reports application errors
/// with HTTP 200 and `{"error": [kind, details]}` (trytond `protocols/jsonrpc.py`), and
/// authentication and transport problems as HTTP statuses with an HTML or empty body:
///
/// | answer | class |
/// |---|---|
/// | `UserError`, `UserWarning` (a rule of Tryton's refuses the record) | business, with Tryton's message |
/// | `ConcurrencyException` (the record changed meanwhile) | transient |
/// | `LoginException`, 401 on `common.db.login` (wrong login or password) | permanent |
/// | 429 on log-in (more than 5 failures within 300 s for that login) | transient, retry after 300 s |
/// | 401 on a call after a fresh log-in, 403, 404 (no such database), 405, 422 | permanent |
/// | 503, 504, other 5xx, 408 | transient |
/// | any other error kind (an unknown model or field: `str(exception)`) | permanent |
enum TrytonFailure {
    /// Tryton lifts the log-in block when its 300 s window (`[session] max_attempt` within
    /// `timeout`) has passed; it sends no `Retry-After`.
    static let loginBlockWindow: Duration = .seconds(300)

    /// The error for `{"error": [kind, details]}` in answer to `method`.
    static func rpcError(_ error: TrytonValue, method: String, database: String) -> ConnectorError {
        let parts = error.arrayValue ?? [error]
        let kind = parts.first?.stringValue ?? "unknown"
        let details = parts.count > 1 ? parts[1] : .null
        let text = message(of: details)
        let upstream = UpstreamReply(status: 200, excerpt: "\(kind): \(text)")
        switch kind {
        case "UserError":
            // details = [message, description, domain]: the message is Tryton's own sentence
            // ("A value is required for field …"), written for the person who must fix the record.
            return .business(text, upstream: upstream)
        case "UserWarning":
            // details = [name, message, description]: Tryton wants a person to confirm.
            let warning = details.arrayValue.flatMap { $0.count > 1 ? $0[1].stringValue : nil } ?? text
            return .business("Tryton asks for a confirmation: \(warning)", upstream: upstream)
        case "ConcurrencyException":
            return .transient("The record changed in Tryton while we wrote it (\(method)); reading it again and retrying will do.",
                              upstream: upstream)
        case "LoginException":
            return .permanent("Tryton asks for more than a password to log in (\(text)); give the connection's user a plain password log-in.",
                              upstream: upstream)
        default:
            return .permanent("Tryton failed \(method) on database \(database): \(kind) \(text). The model or field may be missing (a module not activated).",
                              upstream: upstream)
        }
    }

    /// The error for a non-200 answer to `method`; `isLogin` for `common.db.login` itself.
    static func status(_ response: OutboundResponse, method: String, settings: TrytonSettings, isLogin: Bool) -> ConnectorError {
        let upstream = UpstreamReply(status: response.status, body: response.body)
        let action = "calling \(method) on database \(settings.database)"
        switch response.status {
        case 401 where isLogin:
            return .permanent("Tryton refused the log-in of \(settings.login) on database \(settings.database): wrong login or password.",
                              upstream: upstream)
        case 401:
            return .permanent("Tryton refused the session of \(settings.login) even after a fresh log-in (\(action)).", upstream: upstream)
        case 429:
            return .transient("Tryton blocks log-ins of \(settings.login) after repeated failures; it lifts the block within 5 minutes.",
                              upstream: upstream, retryAfter: response.retryAfter ?? loginBlockWindow)
        case 403:
            return .permanent("Tryton does not let \(settings.login) call \(method) (HTTP 403): grant the user access or check that no proxy adds an Origin header.",
                              upstream: upstream)
        case 404:
            return .permanent("Tryton at \(settings.serverURL) has no database \(settings.database) (HTTP 404); check the database name and that trytond serves it (-d).",
                              upstream: upstream)
        case 405:
            return .permanent("\(settings.serverURL) does not answer JSON-RPC at /\(settings.database)/rpc/ (HTTP 405); check the server URL.",
                              upstream: upstream)
        case 422:
            return .permanent("Tryton refused the call's form (HTTP 422) \(action); this is a fault of the connector.", upstream: upstream)
        default:
            return ConnectorError.classifying(response, while: action)
        }
    }

    /// The error for an exchange that got no HTTP answer.
    static func transport(_ error: HTTPClientError, method: String, settings: TrytonSettings) -> ConnectorError {
        ConnectorError(error, while: "calling \(method) on Tryton database \(settings.database)")
    }

    /// Tryton's text from an error's details: a list whose first string is the message, or a
    /// string (`ConcurrencyException`).
    static func message(of details: TrytonValue) -> String {
        switch details {
        case .string(let text):
            return text
        case .array(let parts):
            let texts = parts.prefix(2).compactMap(\.stringValue).filter { !$0.isEmpty }
            return texts.joined(separator: " — ")
        default:
            return ""
        }
    }
}
