import Commerce
import Foundation
public import HTTPClient
import Synchronization

/// Tryton's JSON-RPC over ``HTTPClient``: one database, one user, a session shared by every
/// call, logged in on first use and once again when Tryton answers 401 (a session expires after
/// 300 s idle for the calls that need a fresh one — `account.invoice.post`, the POS pay wizard —
/// and Tryton deletes it then).
///
/// Requests are `POST <server>/<db>/rpc/` with exactly `{"id", "method", "params"}`: any other
/// key (a `"jsonrpc": "2.0"`) makes trytond drop the envelope and answer errors as bare HTTP
/// statuses. No `Accept-Encoding` is sent, so bodies arrive plain even though trytond labels
/// every body over 1400 bytes `Content-Encoding: gzip` (a trytond 8.2 quirk); the label is
/// ignored, and a body that really is gzip is refused with a clear error.
///
/// Safe to use from several threads: the session sits behind a lock; two threads that find it
/// expired at once may both log in, and the later session wins.
public final class TrytonClient: Sendable {
    /// Where and as whom.
    public let settings: TrytonSettings
    private let http: HTTPClient
    private let current = Mutex<TrytonSession?>(nil)
    private let requestCounter = Atomic<Int>(0)
    /// Ids of reference records looked up once (the unit "Unit", a warehouse by code).
    private let memo = Mutex<[String: TrytonValue]>([:])

    /// A client for `settings` sending through `http`.
    public init(settings: TrytonSettings, http: HTTPClient) {
        self.settings = settings
        self.http = http
    }

    // MARK: Calls

    /// Calls a model's method (`model.<model>.<method>`) with the session's context, merged with
    /// `context`, as the last positional parameter.
    public func execute(_ model: String, _ method: String, _ params: [TrytonValue],
                        context: [String: TrytonValue] = [:]) throws(ConnectorError) -> TrytonValue {
        try call("model.\(model).\(method)", params, addingContext: context)
    }

    /// Calls a database method (`model.…`, `common.db.logout`) in the session, logging in first
    /// when there is none and once more when Tryton refuses the session (401).
    public func call(_ method: String, _ params: [TrytonValue],
                     addingContext extra: [String: TrytonValue]? = nil) throws(ConnectorError) -> TrytonValue {
        var session = try self.session()
        for attempt in 1...2 {
            var arguments = params
            if let extra { arguments.append(.object(session.context.merging(extra) { _, given in given })) }
            let response = try post(settings.databaseEndpoint, method: method, params: arguments,
                                    authorization: session.authorization)
            if response.status == 401 && attempt == 1 {
                session = try renewSession(replacing: session)
                continue
            }
            return try result(of: response, method: method, isLogin: false)
        }
        preconditionFailure("the loop returns or throws on its second pass")
    }

    /// Calls a server-level method (`common.server.version`, `common.db.list`), which needs no
    /// session.
    public func callServer(_ method: String, _ params: [TrytonValue] = []) throws(ConnectorError) -> TrytonValue {
        let response = try post(settings.serverEndpoint, method: method, params: params, authorization: nil)
        return try result(of: response, method: method, isLogin: false)
    }

    // MARK: Session

    /// The current session, logging in when there is none.
    public func session() throws(ConnectorError) -> TrytonSession {
        if let session = current.withLock({ $0 }) { return session }
        return try renewSession(replacing: nil)
    }

    /// Logs out (`common.db.logout`) and forgets the session; the next call logs in again.
    public func logout() throws(ConnectorError) {
        guard let session = current.withLock({ state in defer { state = nil }; return state }) else { return }
        let response = try post(settings.databaseEndpoint, method: "common.db.logout", params: [],
                                authorization: session.authorization)
        // A session that had already expired is as logged out as can be.
        if response.status != 401 { _ = try result(of: response, method: "common.db.logout", isLogin: false) }
    }

    private func renewSession(replacing stale: TrytonSession?) throws(ConnectorError) -> TrytonSession {
        let fresh = try logIn()
        current.withLock { state in
            if state == nil || state == stale { state = fresh }
        }
        return fresh
    }

    /// `common.db.login`, then the user's preferences for the company and its currency.
    private func logIn() throws(ConnectorError) -> TrytonSession {
        let response = try post(settings.databaseEndpoint, method: "common.db.login",
                                params: [.string(settings.login), ["password": .string(settings.password)], "en"],
                                authorization: nil)
        let answer = try result(of: response, method: "common.db.login", isLogin: true)
        guard let parts = answer.arrayValue, parts.count >= 2, let userID = parts[0].intValue, let key = parts[1].stringValue else {
            throw ConnectorError.permanent("Tryton answered the log-in with something other than [user, session]; is \(settings.serverURL) a Tryton 8 server?")
        }
        let authorization = TrytonSession.authorization(login: settings.login, userID: userID, key: key)
        let company = try TrytonCompany.resolve(named: settings.company, authorization: authorization, client: self)
        return TrytonSession(userID: userID, authorization: authorization, companyID: company.id, companyName: company.name,
                             currency: company.currency, context: ["company": .int(company.id), "language": "en"])
    }

    /// A call made while logging in, with the new session's header and a context of its own.
    func callDuringLogIn(_ method: String, _ params: [TrytonValue], authorization: String) throws(ConnectorError) -> TrytonValue {
        let response = try post(settings.databaseEndpoint, method: method, params: params, authorization: authorization)
        return try result(of: response, method: method, isLogin: false)
    }

    // MARK: Reference data

    /// The value stored under `key`, computed once per client (ids of units, warehouses,
    /// locations, taxes: records an operator does not delete while a connection uses them).
    func remembered(_ key: String, _ compute: () throws(ConnectorError) -> TrytonValue) throws(ConnectorError) -> TrytonValue {
        if let value = memo.withLock({ $0[key] }) { return value }
        let value = try compute()
        memo.withLock { $0[key] = value }
        return value
    }

    // MARK: Wire

    private struct Envelope: Encodable {
        var id: Int
        var method: String
        var params: [TrytonValue]
    }

    private func post(_ url: String, method: String, params: [TrytonValue], authorization: String?) throws(ConnectorError) -> OutboundResponse {
        let body: Data
        do {
            body = try JSONEncoder().encode(Envelope(id: requestCounter.add(1, ordering: .relaxed).newValue, method: method, params: params))
        } catch {
            throw ConnectorError.permanent("Could not encode the parameters of \(method): \(error)")
        }
        var request = OutboundRequest(method: .post, url: url, body: Array(body))
        // trytond checks that the type contains "json"; Accept and Accept-Encoding stay unset.
        request.headers.append(name: "Content-Type", value: "application/json")
        if let authorization { request.headers.append(name: "Authorization", value: authorization) }
        do {
            return try http.send(request)
        } catch let error as HTTPClientError {
            throw TrytonFailure.transport(error, method: method, settings: settings)
        } catch {
            throw ConnectorError.transient("Calling \(method) on Tryton failed: \(error)")
        }
    }

    private func result(of response: OutboundResponse, method: String, isLogin: Bool) throws(ConnectorError) -> TrytonValue {
        guard response.status == 200 else {
            throw TrytonFailure.status(response, method: method, settings: settings, isLogin: isLogin)
        }
        if response.body.starts(with: [0x1F, 0x8B]) {
            throw ConnectorError.permanent("Tryton sent a gzip-compressed answer to \(method) although we asked for none; check a proxy in front of it.")
        }
        let answer: TrytonValue
        do {
            answer = try JSONDecoder().decode(TrytonValue.self, from: Data(response.body))
        } catch {
            throw ConnectorError.permanent("Tryton's answer to \(method) is not JSON; is \(settings.serverURL) a Tryton server?",
                                           upstream: UpstreamReply(status: response.status, body: response.body))
        }
        if let error = answer["error"], error != .null {
            throw TrytonFailure.rpcError(error, method: method, database: settings.database)
        }
        guard let value = answer["result"] else {
            throw ConnectorError.permanent("Tryton's answer to \(method) has neither result nor error.",
                                           upstream: UpstreamReply(status: response.status, body: response.body))
        }
        return value
    }
}
