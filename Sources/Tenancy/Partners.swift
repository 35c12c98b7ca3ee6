public import Foundation
public import Postgres

/// Reading and changing partners. Listing, creating and changing partners needs the
/// platform-wide scope (`TenantScope.platform(for:)`); a partner's own session sees its own row.
public enum Partners {
    static let columns = "id, kind, slug, name, status, custom_domain, created_at, updated_at"
    static let listSQL = "SELECT \(columns) FROM partners WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2"
    static let getSQL = "SELECT \(columns) FROM partners WHERE id = $1"
    static let insertSQL = """
        INSERT INTO partners (slug, name, custom_domain) VALUES ($1, $2, $3) RETURNING \(columns)
        """
    static let updateSQL = """
        UPDATE partners SET name = $2, status = $3, custom_domain = $4 WHERE id = $1 RETURNING \(columns)
        """
    static let platformSQL = "SELECT id FROM partners WHERE kind = 'platform'"
    static let slugSQL = "SELECT \(columns) FROM partners WHERE slug = $1"

    static let conflicts = [
        "partners_slug_key": FieldProblem(field: "slug", message: "is already taken"),
        "partners_custom_domain_key": FieldProblem(field: "custom_domain", message: "is already used by another partner"),
    ]

    /// Partners in id (creation) order after `cursor`.
    public static func list(after cursor: UUID?, limit: Int, on connection: PostgresConnection) throws -> [Partner] {
        try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [cursor, limit])).map(decode)
    }

    /// One partner; `notFound` when it does not exist or is not visible.
    public static func get(_ id: UUID, on connection: PostgresConnection) throws -> Partner {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [id])).first else {
            throw TenancyError.notFound("partner")
        }
        return try decode(row)
    }

    /// Creates a reseller partner and records it in its own audit log.
    public static func create(_ new: NewPartner, by caller: Caller, on connection: PostgresConnection) throws -> Partner {
        let domain = new.customDomain.map { $0.lowercased() }
        try InputRules.check(InputRules.slug(new.slug), InputRules.name(new.name), domain.flatMap { InputRules.domain($0) })
        let partner = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
                new.slug, new.name.trimmingWhitespace, domain,
            ])).single())
        }
        try AuditLog.record(AuditChange(action: "partner.create", partnerID: partner.id, targetType: "partner",
                                        targetID: partner.id.uuidString, after: partner), by: caller, on: connection)
        return partner
    }

    /// Applies `changes` and records before and after.
    public static func update(_ id: UUID, _ changes: PartnerChanges, by caller: Caller,
                              on connection: PostgresConnection) throws -> Partner {
        let before = try get(id, on: connection)
        let domain = changes.customDomain.map { $0?.lowercased() } ?? before.customDomain
        try InputRules.check(changes.name.flatMap { InputRules.name($0) }, domain.flatMap { InputRules.domain($0) })
        if before.kind == .platform, changes.status == .suspended {
            throw TenancyError.invalid("status", "the platform partner cannot be suspended")
        }
        let after = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: updateSQL, binds: [
                id, changes.name?.trimmingWhitespace ?? before.name, (changes.status ?? before.status).rawValue, domain,
            ])).single())
        }
        try AuditLog.record(AuditChange(action: "partner.update", partnerID: id, targetType: "partner",
                                        targetID: id.uuidString, before: before, after: after), by: caller, on: connection)
        return after
    }

    /// The partner with `slug`; `notFound` when none is visible.
    public static func find(slug: String, on connection: PostgresConnection) throws -> Partner {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: slugSQL, binds: [slug])).first else {
            throw TenancyError.notFound("partner")
        }
        return try decode(row)
    }

    /// The platform partner's id (created by Migrations/0001).
    public static func platformPartnerID(on connection: PostgresConnection) throws -> UUID {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: platformSQL)).first else {
            throw TenancyError.notFound("platform partner")
        }
        return try row.decode(UUID.self, at: 0)
    }

    static func decode(_ row: PostgresRow) throws -> Partner {
        let (id, kind, slug, name, status, domain, createdAt, updatedAt) = try row.decode(
            (UUID, String, String, String, String, String?, Date, Date).self)
        return Partner(id: id, kind: Partner.Kind(rawValue: kind) ?? .reseller, slug: slug, name: name,
                       status: Partner.Status(rawValue: status) ?? .suspended, customDomain: domain,
                       createdAt: createdAt, updatedAt: updatedAt)
    }
}
