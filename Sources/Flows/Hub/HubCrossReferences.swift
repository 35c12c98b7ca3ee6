public import Commerce
public import Foundation
public import Postgres
public import Tenancy

/// The cross-references between our records and the ids each system gives them
/// (Migrations/0008: `hub_xrefs`), unique both ways per connection, so "where is order 123?"
/// finds every system's id from any one of them. Links are made by the flow engine (and by
/// `Hub`'s publish calls for the ids a record carries); reading them is also offered to people
/// with `connections:read` — partner staff and the retailer's own viewers.
public enum HubCrossReferences {
    static let columns = "entity, key, system, connection_id, external_id, created_at"
    static let insertSQL = """
        INSERT INTO hub_xrefs (partner_id, customer_id, environment, entity, key, system, connection_id, external_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT DO NOTHING
        RETURNING 1
        """
    // What stands in the way of a link that was not inserted: the id's record, the record's id.
    static let blockingSQL = """
        SELECT \(columns) FROM hub_xrefs
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND entity = $4 AND connection_id = $5
          AND (external_id = $6 OR key = $7)
        ORDER BY key, external_id
        """
    static let referencesSQL = """
        SELECT \(columns) FROM hub_xrefs
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND entity = $4 AND key = $5
        ORDER BY system, connection_id
        """
    static let keysSQL = """
        SELECT DISTINCT key FROM hub_xrefs
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND entity = $4 AND system = $5 AND external_id = $6
        ORDER BY key
        """
    // Every id of every record that has `external_id` in `system` (of `entity`, if given).
    static let locateSQL = """
        SELECT \(columns) FROM hub_xrefs x
        WHERE x.partner_id = $1 AND x.customer_id = $2 AND x.environment = $3
          AND (x.entity, x.key) IN (
              SELECT entity, key FROM hub_xrefs
              WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND system = $4 AND external_id = $5
                AND ($6::text IS NULL OR entity = $6))
        ORDER BY x.entity, x.key, x.system, x.connection_id
        LIMIT 200
        """
    static let conflicts = [
        "hub_xrefs_connection": FieldProblem(field: "source", message: "is not a connection of this customer's environment "
                                             + "with that system"),
    ]

    /// The longest key (Migrations/0008).
    public static let maximumKeyLength = 200

    /// Links our record `key` to `externalID` in the source's connection. Idempotent: the same
    /// link again is `alreadyLinked`. Throws `HubCrossReferenceConflict` when the id is
    /// already another record's there or the record already has another id there, and
    /// `TenancyError.invalid` when the connection is not the scope's or not of that system.
    public static func link(_ entity: HubEntity, key: String, to externalID: String, from source: HubSource, in scope: HubScope,
                            on connection: PostgresConnection) throws -> HubLinkOutcome {
        try check(key: key, externalID: externalID)
        let inserted = try translatingConflicts(conflicts, on: connection) { connection in
            try connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: scope.binds + [
                entity.rawValue, key, source.system.rawValue, source.connectionID, externalID,
            ])).first != nil
        }
        if inserted { return .linked }
        let blocking = try connection.query(PostgresQuery(unsafeSQL: blockingSQL, binds: scope.binds + [
            entity.rawValue, source.connectionID, externalID, key,
        ])).map(decode)
        if blocking.contains(where: { $0.key == key && $0.externalID == externalID }) { return .alreadyLinked }
        let link = { (key: String, externalID: String) in
            HubCrossReferenceConflict.Link(entity: entity, key: key, system: source.system, connectionID: source.connectionID,
                                           externalID: externalID)
        }
        throw HubCrossReferenceConflict(requested: link(key, externalID), existing: blocking.map { link($0.key, $0.externalID) })
    }

    /// Every id our record `key` has, by system and connection.
    public static func references(_ entity: HubEntity, key: String, in scope: HubScope,
                                  on connection: PostgresConnection) throws -> [HubCrossReference] {
        try connection.query(PostgresQuery(unsafeSQL: referencesSQL, binds: scope.binds + [entity.rawValue, key])).map(decode)
    }

    /// Our keys for the records `externalID` names in its system: one, or one per connection of
    /// that system when a customer has two shops that both have an order 23.
    public static func keys(of entity: HubEntity, with externalID: ExternalID, in scope: HubScope,
                            on connection: PostgresConnection) throws -> [String] {
        try connection.query(PostgresQuery(unsafeSQL: keysSQL, binds: scope.binds + [
            entity.rawValue, externalID.system.rawValue, externalID.id,
        ])).decode(String.self, column: "key")
    }

    /// "Where is order 123?": every id of every record that `externalID` names in its system
    /// (of `entity`, when given), so one id leads to the record's id in every other system.
    /// At most 200 links.
    public static func locate(_ externalID: ExternalID, entity: HubEntity? = nil, in scope: HubScope,
                              on connection: PostgresConnection) throws -> [HubCrossReference] {
        try connection.query(PostgresQuery(unsafeSQL: locateSQL, binds: scope.binds + [
            externalID.system.rawValue, externalID.id, entity?.rawValue,
        ])).map(decode)
    }

    /// `locate` for a person: needs `connections:read` and the customer in the principal's
    /// reach (`notFound("customer")` otherwise, as for any customer the caller may not see).
    public static func locate(_ externalID: ExternalID, entity: HubEntity? = nil, customer customerID: UUID,
                              environment: Tenancy.Environment.Kind, for principal: Principal,
                              on connection: PostgresConnection) throws -> [HubCrossReference] {
        try principal.require(.connectionsRead)
        let customer = try Customers.get(customerID, for: principal, on: connection)
        return try locate(externalID, entity: entity,
                          in: HubScope(partnerID: customer.partnerID, customerID: customer.id, environment: environment),
                          on: connection)
    }

    static func check(key: String, externalID: String) throws {
        var problems: [FieldProblem] = []
        if !(1...maximumKeyLength).contains(key.count) || key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append(FieldProblem(field: "key", message: "must be 1–\(maximumKeyLength) characters without control characters"))
        }
        if !(1...ExternalID.maxLength).contains(externalID.count)
            || externalID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append(FieldProblem(field: "external_id",
                                         message: "must be 1–\(ExternalID.maxLength) characters without control characters"))
        }
        if !problems.isEmpty { throw TenancyError.invalid(problems) }
    }

    static func decode(_ row: PostgresRow) throws -> HubCrossReference {
        let (entity, key, system, connectionID, externalID, createdAt) = try row.decode((String, String, String, UUID, String, Date).self)
        return HubCrossReference(entity: HubEntity(rawValue: entity) ?? .item, key: key, system: SystemKind(rawValue: system),
                                 connectionID: connectionID, externalID: externalID, createdAt: createdAt)
    }
}
