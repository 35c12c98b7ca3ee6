public import Foundation
public import Postgres

/// Which partner a request's `Host` names (DESIGN.md "Tenancy"): its custom domain, or
/// `<slug>.<base domain>`; the base domain itself is the platform's own portal. Anything else
/// names nobody, and the caller shows a neutral page — never another partner's brand.
public struct PartnerHost: Sendable, Equatable {
    /// The partner as the log-in page needs it, found before any user is known.
    public struct Match: Sendable, Equatable {
        public var id: UUID
        public var kind: Partner.Kind
        public var slug: String
        public var name: String
        public var status: Partner.Status
        /// How the partner's pages look: its `partner_branding` row without the logo's bytes,
        /// or the defaults when it has none.
        public var branding: Branding

        /// A match (the lookup makes these; tests and previews build them by hand).
        public init(id: UUID, kind: Partner.Kind, slug: String, name: String, status: Partner.Status,
                    branding: Branding = Branding()) {
            self.id = id
            self.kind = kind
            self.slug = slug
            self.name = name
            self.status = status
            self.branding = branding
        }
    }

    /// The brand as the host lookup returns it: enough to render any page and its stylesheet.
    /// Nil fields mean "the theme's own" (colours) or "the partner's name" (product name).
    public struct Branding: Sendable, Equatable {
        /// The theme directory's name (`default`, `harbour`).
        public var theme: String
        /// The name pages show instead of the partner's registered name.
        public var productName: String?
        /// `#rrggbb`, replacing the theme's primary colour.
        public var primaryColour: String?
        /// `#rrggbb`, replacing the theme's accent colour.
        public var accentColour: String?
        /// Where customers write for help, shown in the footer.
        public var supportEmail: String?
        /// An https page for help, shown in the footer.
        public var supportURL: String?
        /// Hex SHA-256 of the uploaded logo; nil when the theme's logo is used.
        public var logoSHA256: String?

        /// A brand; with no arguments, the default theme and nothing overridden.
        public init(theme: String = PartnerBranding.defaultTheme, productName: String? = nil, primaryColour: String? = nil,
                    accentColour: String? = nil, supportEmail: String? = nil, supportURL: String? = nil,
                    logoSHA256: String? = nil) {
            self.theme = theme
            self.productName = productName
            self.primaryColour = primaryColour
            self.accentColour = accentColour
            self.supportEmail = supportEmail
            self.supportURL = supportURL
            self.logoSHA256 = logoSHA256
        }
    }

    /// The slug to look for (`acme` in `acme.example.com`), if the host is under the base domain.
    public var slug: String?
    /// The host itself, to compare with custom domains.
    public var domain: String

    /// Parses a `Host` header value (RFC 9110 §7.2: `host[:port]`) against `baseDomain`; nil
    /// when it is not a plausible host name at all.
    public init?(host: String, baseDomain: String) {
        var name = host.lowercased()
        if name.hasPrefix("[") { return nil }  // an IP literal names no partner
        if let colon = name.lastIndex(of: ":") {
            guard name[name.index(after: colon)...].allSatisfy(\.isNumber) else { return nil }
            name = String(name[..<colon])
        }
        if name.hasSuffix(".") { name.removeLast() }  // the absolute form, RFC 1034 §3.1
        guard !name.isEmpty, InputRules.domain(name) == nil || !name.contains(".") && InputRules.slug(name) == nil else {
            return nil
        }
        domain = name
        let base = baseDomain.lowercased()
        if name == base {
            slug = "platform"
        } else if name.hasSuffix("." + base) {
            let label = name.dropLast(base.count + 1)
            slug = label.contains(".") ? nil : String(label)
        } else {
            slug = nil
        }
    }

    static let lookupSQL = """
        SELECT id, kind, slug, name, status, theme, product_name, primary_colour, accent_colour,
               support_email, support_url, logo_sha256
        FROM partner_for_host($1, $2)
        """

    /// The partner this host names, with its brand, through the narrow security-definer lookup
    /// that works before a tenant is known (Migrations/0003); nil when none. A host under the
    /// base domain is looked up by slug only, any other host by custom domain only.
    public func partner(on connection: PostgresConnection) throws -> Match? {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: Self.lookupSQL, binds: [slug ?? "", domain])).first else {
            return nil
        }
        let (id, kind, slug, name, status, theme, productName, primary, accent, email, url, logo) = try row.decode(
            (UUID, String, String, String, String, String, String?, String?, String?, String?, String?, String?).self)
        return Match(id: id, kind: Partner.Kind(rawValue: kind) ?? .reseller, slug: slug, name: name,
                     status: Partner.Status(rawValue: status) ?? .suspended,
                     branding: Branding(theme: theme, productName: productName, primaryColour: primary, accentColour: accent,
                                        supportEmail: email, supportURL: url, logoSHA256: logo))
    }
}
