public import Foundation
public import HTTP
import Postgres
public import Tenancy

/// The door of the tenant API: every endpoint it builds authenticates the bearer token, asks
/// the one permission table (`Principal.may`) for the endpoint's permission, and runs in ONE
/// transaction scoped to the caller's tenant — authentication, the endpoint's queries, the
/// audit rows and the idempotency record commit together or not at all.
public struct TenantGateway: Sendable {
    /// The database, connected as the application role.
    public let database: TenantDatabase
    /// The clock (injected so tests can move time).
    public let clock: @Sendable () -> Date

    public init(database: TenantDatabase, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.clock = clock
    }

    /// Where an endpoint's rows live.
    public enum Reach: Sendable {
        /// The caller's own tenant: their partner, or their customer for customer viewers.
        case tenant
        /// Every partner: the platform admin's explicit path (`TenantScope.platform(for:)`).
        case platform
    }

    /// An endpoint needing `permission`, whose body runs inside the caller's transaction.
    public func endpoint(_ method: HTTPMethod, _ path: String, operationID: String, summary: String, tag: String,
                         permission: Permission, reach: Reach = .tenant, parameters: [EndpointParameter] = [],
                         requestBody: NamedSchema? = nil, successStatus: HTTPStatus = .ok, response: NamedSchema? = nil,
                         responseMediaType: String = "application/json", isPaginated: Bool = false,
                         acceptsIdempotencyKey: Bool = false, problems: [HTTPStatus] = [],
                         _ body: @escaping @Sendable (APIContext) throws -> Response) -> Endpoint {
        var endpoint = Endpoint(method, path, operationID: operationID, summary: summary, tag: tag,
                                permission: permission.rawValue, parameters: parameters, requestBody: requestBody,
                                successStatus: successStatus, response: response, isPaginated: isPaginated,
                                acceptsIdempotencyKey: acceptsIdempotencyKey, problems: problems) { [self] request in
            try run(request, permission: permission, reach: reach, idempotent: acceptsIdempotencyKey, body)
        }
        endpoint.responseMediaType = responseMediaType
        return endpoint
    }

    private func run(_ request: Request, permission: Permission, reach: Reach, idempotent: Bool,
                     _ body: (APIContext) throws -> Response) throws -> Response {
        let bearer = try Self.bearerToken(in: request)
        let now = clock()
        do {
            return try database.pool.transaction { connection in
                let principal = try APITokens.authenticate(bearer: bearer, now: now, on: connection)
                Self.identify(principal, in: request)
                guard principal.may(permission) else { throw ProblemError.forbidden(permission: permission.rawValue) }
                let caller = Caller(principal: principal, requestID: request.requestID,
                                    remoteAddress: request.clientHost)
                if reach == .platform {
                    try connection.enter(try TenantScope.platform(for: principal))
                    if request.method == .get || request.method == .head {
                        // Changes made through the platform path are audited where they land;
                        // reads leave a trace in the platform's own log, so looking is never silent.
                        try AuditLog.record(AuditChange(action: "platform.read", partnerID: principal.partnerID,
                                                        targetType: "api", targetID: request.path),
                                            by: caller, on: connection)
                    }
                }
                let context = APIContext(request: request, caller: caller, connection: connection, now: now)
                guard idempotent else { return try body(context) }
                let store = PostgresIdempotencyStore(connection: connection, principal: principal, now: now)
                return try store.respond(to: request, scope: "") { _ in try body(context) }
            }
        } catch let error as TenancyError {
            throw ProblemError(error)
        }
    }

    /// Puts the authenticated partner and customer on the request's log lines (ids only).
    static func identify(_ principal: Principal, in request: Request) {
        guard let context = request.logContext else { return }
        context.set("partner_id", principal.partnerID.uuidString.lowercased())
        if let customerID = principal.customerID { context.set("customer_id", customerID.uuidString.lowercased()) }
    }

    /// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the scheme is
    /// case-insensitive, RFC 9110 §11.1). A missing header is 401 with a bare challenge; a
    /// malformed one is 401 `invalid_token`.
    static func bearerToken(in request: Request) throws(ProblemError) -> String {
        guard let authorization = request.headers["Authorization"] else { throw .unauthorized }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .invalidToken }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
