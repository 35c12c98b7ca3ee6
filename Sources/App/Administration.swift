public import Foundation
public import Logging
public import Tenancy
import Postgres

/// What the operator does at the command line (`counterpart partner add`, `user add`,
/// `token add`, `keys rotate`): the same Tenancy operations the API runs, with the system as the
/// audited actor, through the platform's explicit cross-tenant path.
public struct Administration: Sendable {
    /// The database as tenants see it.
    public let tenants: TenantDatabase
    /// The clock.
    public let clock: @Sendable () -> Date

    public init(tenants: TenantDatabase, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.tenants = tenants
        self.clock = clock
    }

    /// Creates a reseller partner.
    public func addPartner(slug: String, name: String, customDomain: String?) throws -> Partner {
        try tenants.transaction(.system) { connection in
            try Partners.create(NewPartner(slug: slug, name: name, customDomain: customDomain),
                                by: try systemCaller(connection), on: connection)
        }
    }

    /// Adds a user to the partner with `partnerSlug` (`platform` for platform admins) and, when
    /// given, sets their password; without one they set it through the portal's reset link.
    public func addUser(partnerSlug: String, email: String, name: String, role: Role, customerID: UUID?,
                        password: String?) throws -> User {
        try tenants.transaction(.system) { connection in
            let caller = try systemCaller(connection)
            let partner = try Partners.find(slug: partnerSlug, on: connection)
            let user = try Users.create(NewUser(email: email, name: name, role: role, customerID: customerID),
                                        in: partner.id, by: caller, on: connection)
            if let password {
                try PasswordResets.setPassword(password, for: user.id, in: partner.id, by: caller, now: clock(),
                                               on: connection)
            }
            return try Users.get(user.id, in: partner.id, on: connection)
        }
    }

    /// Issues an API token for an existing user (scripts, the benchmark, the demo). The token is
    /// the user's, limited by their role; the audit log records the system as its issuer.
    public func addToken(partnerSlug: String, email: String, name: String, scope: TokenScope,
                         expiresAt: Date?) throws -> IssuedAPIToken {
        let user = try tenants.transaction(.system) { connection in
            try Users.find(email: email, in: try Partners.find(slug: partnerSlug, on: connection).id, on: connection)
        }
        let owner = Principal(userID: user.id, partnerID: user.partnerID, customerID: user.customerID, role: user.role,
                              email: user.email, name: user.name, credential: .system)
        return try tenants.transaction(owner.scope) { connection in
            try APITokens.create(name: name, scope: scope, expiresAt: expiresAt, by: Caller(principal: owner, requestID: "cli"),
                                 now: clock(), on: connection)
        }
    }

    /// Re-encrypts every secret under the current master key (`counterpart keys rotate`).
    public func rotateKeys(environment: [String: String], logger: Logger) throws -> KeyRotationReport {
        try KeyRotation.run(environment: environment, pool: tenants.pool, logger: logger, now: clock())
    }

    private func systemCaller(_ connection: PostgresConnection) throws -> Caller {
        Caller(principal: .system(platformPartnerID: try Partners.platformPartnerID(on: connection)), requestID: "cli")
    }
}
