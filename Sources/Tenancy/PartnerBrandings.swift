public import Foundation
public import Postgres

/// Reading and changing the caller's own partner branding (Migrations/0003: `partner_branding`,
/// and `partners.custom_domain`). Every change is audited in the same transaction. The
/// partner is always the caller's own: branding is something a partner does to itself.
public enum PartnerBrandings {
    static let getSQL = """
        SELECT coalesce(b.theme, 'default'), b.product_name, b.primary_colour, b.accent_colour, b.support_email,
               b.support_url, p.custom_domain, b.logo_content_type, b.logo_sha256, b.updated_at
        FROM partners p LEFT JOIN partner_branding b ON b.partner_id = p.id
        WHERE p.id = $1
        """
    static let upsertSQL = """
        INSERT INTO partner_branding (partner_id, theme, product_name, primary_colour, accent_colour, support_email, support_url)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (partner_id) DO UPDATE SET
            theme = EXCLUDED.theme, product_name = EXCLUDED.product_name, primary_colour = EXCLUDED.primary_colour,
            accent_colour = EXCLUDED.accent_colour, support_email = EXCLUDED.support_email,
            support_url = EXCLUDED.support_url
        """
    static let customDomainSQL = "UPDATE partners SET custom_domain = $2 WHERE id = $1"
    static let setLogoSQL = """
        INSERT INTO partner_branding (partner_id, logo, logo_content_type, logo_sha256) VALUES ($1, $2, $3, $4)
        ON CONFLICT (partner_id) DO UPDATE SET
            logo = EXCLUDED.logo, logo_content_type = EXCLUDED.logo_content_type, logo_sha256 = EXCLUDED.logo_sha256
        """
    static let removeLogoSQL = """
        UPDATE partner_branding SET logo = NULL, logo_content_type = NULL, logo_sha256 = NULL
        WHERE partner_id = $1 AND logo IS NOT NULL
        """
    static let logoSQL = """
        SELECT logo, logo_content_type, logo_sha256 FROM partner_branding WHERE partner_id = $1 AND logo IS NOT NULL
        """

    static let conflicts = [
        "partners_custom_domain_key": FieldProblem(field: "custom_domain", message: "is already used by another partner"),
    ]

    /// A logo as stored: the bytes with the type and hash found when it was uploaded.
    public struct StoredLogo: Sendable, Equatable {
        /// The file, exactly as uploaded.
        public var bytes: [UInt8]
        /// `image/png` or `image/jpeg`.
        public var contentType: String
        /// Hex SHA-256 of `bytes`.
        public var sha256: String
    }

    /// The branding of `partnerID` (the caller's own partner; row-level security hides any
    /// other). A partner that never set any gets the defaults.
    public static func get(_ partnerID: UUID, on connection: PostgresConnection) throws -> PartnerBranding {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [partnerID])).first else {
            throw TenancyError.notFound("partner")
        }
        let (theme, productName, primary, accent, email, url, domain, logoType, logoHash, updatedAt) = try row.decode(
            (String, String?, String?, String?, String?, String?, String?, String?, String?, Date?).self)
        return PartnerBranding(
            partnerID: partnerID,
            settings: BrandingSettings(theme: theme, productName: productName, primaryColour: primary, accentColour: accent,
                                       supportEmail: email, supportURL: url, customDomain: domain),
            logoContentType: logoType, logoSHA256: logoHash, updatedAt: updatedAt)
    }

    /// Replaces every setting of the caller's partner with `settings` (validated against
    /// `rules` first), including the custom domain, and records before and after as
    /// `branding.update`.
    /// - Throws: `TenancyError.invalid` naming the fields at fault; `.conflict` on
    ///   `custom_domain` when another partner has it. Nothing is written either way.
    @discardableResult
    public static func update(_ settings: BrandingSettings, rules: BrandingRules, by caller: Caller,
                              on connection: PostgresConnection) throws -> PartnerBranding {
        let checked = try settings.validated(rules)
        let partnerID = caller.principal.partnerID
        let before = try get(partnerID, on: connection)
        if checked.customDomain != before.settings.customDomain {
            let changed = try translatingConflicts(conflicts, on: connection) { connection in
                try connection.execute(PostgresQuery(unsafeSQL: customDomainSQL, binds: [partnerID, checked.customDomain]))
            }
            // The partners policy lets the application role change only its own row.
            guard changed == 1 else { throw TenancyError.notFound("partner") }
        }
        _ = try connection.execute(PostgresQuery(unsafeSQL: upsertSQL, binds: [
            partnerID, checked.theme, checked.productName, checked.primaryColour, checked.accentColour,
            checked.supportEmail, checked.supportURL,
        ]))
        let after = try get(partnerID, on: connection)
        try AuditLog.record(AuditChange(action: "branding.update", partnerID: partnerID, targetType: "partner_branding",
                                        targetID: partnerID.uuidString, before: before, after: after), by: caller, on: connection)
        return after
    }

    /// Stores `logo` as the caller's partner's logo, replacing any, and records
    /// `branding.logo_set` (with the type, size and hash — not the bytes).
    @discardableResult
    public static func setLogo(_ logo: LogoImage, by caller: Caller, on connection: PostgresConnection) throws -> PartnerBranding {
        let partnerID = caller.principal.partnerID
        let before = try get(partnerID, on: connection)
        _ = try connection.execute(PostgresQuery(unsafeSQL: setLogoSQL, binds: [
            partnerID, logo.bytes, logo.format.contentType, logo.sha256,
        ]))
        let after = try get(partnerID, on: connection)
        try AuditLog.record(AuditChange(action: "branding.logo_set", partnerID: partnerID, targetType: "partner_branding",
                                        targetID: partnerID.uuidString, before: before,
                                        after: LoggedLogo(logo: logo, branding: after)),
                            by: caller, on: connection)
        return after
    }

    /// Removes the caller's partner's logo (pages show the theme's again) and records
    /// `branding.logo_remove`; `notFound` when there was none.
    @discardableResult
    public static func removeLogo(by caller: Caller, on connection: PostgresConnection) throws -> PartnerBranding {
        let partnerID = caller.principal.partnerID
        let before = try get(partnerID, on: connection)
        guard try connection.execute(PostgresQuery(unsafeSQL: removeLogoSQL, binds: [partnerID])) == 1 else {
            throw TenancyError.notFound("logo")
        }
        let after = try get(partnerID, on: connection)
        try AuditLog.record(AuditChange(action: "branding.logo_remove", partnerID: partnerID, targetType: "partner_branding",
                                        targetID: partnerID.uuidString, before: before, after: after), by: caller, on: connection)
        return after
    }

    /// The uploaded logo of `partnerID`, or nil when it has none (or it is not visible).
    public static func logo(of partnerID: UUID, on connection: PostgresConnection) throws -> StoredLogo? {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: logoSQL, binds: [partnerID])).first else { return nil }
        let (bytes, contentType, sha256) = try row.decode(([UInt8], String, String).self)
        return StoredLogo(bytes: bytes, contentType: contentType, sha256: sha256)
    }

    /// What the audit log keeps of an upload: the branding after, and the logo's facts.
    private struct LoggedLogo: Encodable {
        let branding: PartnerBranding
        let width: Int, height: Int, bytes: Int

        init(logo: LogoImage, branding: PartnerBranding) {
            self.branding = branding
            width = logo.width
            height = logo.height
            bytes = logo.bytes.count
        }
    }
}
