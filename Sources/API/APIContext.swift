public import Foundation
public import HTTP
public import Postgres
public import Tenancy

/// What an endpoint of the tenant API works with: the request, who sent it, and a connection
/// already inside the caller's tenant transaction (authentication, the endpoint's own queries
/// and the audit rows all commit together).
public struct APIContext {
    /// The request, with path parameters.
    public let request: Request
    /// The authenticated caller, with the request id and address the audit log records.
    public let caller: Caller
    /// The connection, in a transaction scoped to the caller's tenant.
    public let connection: PostgresConnection
    /// The request's moment, from the gateway's clock.
    public let now: Date

    /// The authenticated principal.
    public var principal: Principal { caller.principal }
}
