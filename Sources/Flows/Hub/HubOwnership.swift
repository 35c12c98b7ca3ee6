public import Commerce
public import Foundation
public import Postgres
public import Tenancy

/// Where each customer environment's system-of-record ownership is kept (Migrations/0008:
/// `hub_ownership`): only the domains a customer changed have a row; the rest keep
/// `SystemOfRecord.standard`. Changing an owner is configuration of the integration, like a
/// mapping, so it needs `mappings:write` and is audited with the owners before and after.
public enum HubOwnership {
    static let listSQL = """
        SELECT domain, owners FROM hub_ownership WHERE partner_id = $1 AND customer_id = $2 AND environment = $3
        """
    static let upsertSQL = """
        INSERT INTO hub_ownership (partner_id, customer_id, environment, domain, owners) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (partner_id, customer_id, environment, domain) DO UPDATE SET owners = EXCLUDED.owners
        """

    /// The ownership in force for `scope`, for the flow engine.
    public static func current(in scope: HubScope, on connection: PostgresConnection) throws -> SystemOfRecord {
        let rows = try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: scope.binds))
            .decode((String, PostgresJSON<[String]>).self)
        var overrides: [HubDomain: [SystemKind]] = [:]
        for (domain, owners) in rows {
            guard let domain = HubDomain(rawValue: domain) else { continue }
            overrides[domain] = owners.value.map(SystemKind.init(rawValue:))
        }
        return SystemOfRecord(overriding: overrides)
    }

    /// The ownership of a customer's environment, for a person with `connections:read`.
    public static func get(customer customerID: UUID, environment: Tenancy.Environment.Kind, for principal: Principal,
                           on connection: PostgresConnection) throws -> SystemOfRecord {
        try principal.require(.connectionsRead)
        return try current(in: scope(customerID, environment, principal, on: connection), on: connection)
    }

    /// Makes `owners` the systems of record of `domain` in a customer's environment; audited as
    /// `hub_ownership.assign`. Every publish that commits after it is judged by the new owners.
    /// - Throws: `TenancyError.invalid` on `owners` when it is empty, too long or names a
    ///   malformed system; `forbidden` without `mappings:write`.
    public static func assign(_ domain: HubDomain, to owners: [SystemKind], customer customerID: UUID,
                              environment: Tenancy.Environment.Kind, by caller: Caller,
                              on connection: PostgresConnection) throws -> SystemOfRecord {
        try caller.principal.require(.mappingsWrite)
        let scope = try scope(customerID, environment, caller.principal, on: connection)
        try check(owners)
        // Holds the hub's head as publishers do, so no publish that read the old owners commits after this.
        _ = try connection.query(PostgresQuery(unsafeSQL: Hub.lockHeadSQL, binds: scope.binds))
        let before = try current(in: scope, on: connection)
        let after = before.assigning(domain, to: owners)
        _ = try connection.execute(PostgresQuery(unsafeSQL: upsertSQL, binds: scope.binds + [
            domain.rawValue, PostgresJSON(after.owners(of: domain).map(\.rawValue)),
        ]))
        try AuditLog.record(AuditChange(action: "hub_ownership.assign", partnerID: scope.partnerID, customerID: customerID,
                                        targetType: "hub_ownership",
                                        targetID: "\(customerID.uuidString.lowercased())/\(environment.rawValue)/\(domain.rawValue)",
                                        before: OwnershipAudit(domain: domain, owners: before.owners(of: domain)),
                                        after: OwnershipAudit(domain: domain, owners: after.owners(of: domain))),
                            by: caller, on: connection)
        return after
    }

    /// A domain's owners as the audit log keeps them.
    struct OwnershipAudit: Encodable {
        let domain: HubDomain
        let owners: [SystemKind]
    }

    static func scope(_ customerID: UUID, _ environment: Tenancy.Environment.Kind, _ principal: Principal,
                      on connection: PostgresConnection) throws -> HubScope {
        let customer = try Customers.get(customerID, for: principal, on: connection)
        return HubScope(partnerID: customer.partnerID, customerID: customer.id, environment: environment)
    }

    static func check(_ owners: [SystemKind]) throws {
        guard (1...SystemOfRecord.maximumOwners).contains(owners.count) else {
            throw TenancyError.invalid("owners", "must name 1–\(SystemOfRecord.maximumOwners) systems")
        }
        for owner in owners where owner.rawValue.wholeMatch(of: /[a-z][a-z0-9-]{1,49}/) == nil {
            throw TenancyError.invalid("owners", "“\(owner.rawValue)” is not a system name (lower-case letters, digits and dashes)")
        }
    }
}
