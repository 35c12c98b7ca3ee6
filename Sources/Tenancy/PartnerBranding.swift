public import Foundation

/// How a partner's portal looks (issue 4 §2), as stored in `partner_branding` and
/// `partners.custom_domain`: the settings a partner admin edits, plus which logo was uploaded.
/// The logo's bytes are not part of this value (see `PartnerBrandings.logo`).
public struct PartnerBranding: Sendable, Equatable, Codable {
    /// The theme every partner starts with, which every other theme extends.
    public static let defaultTheme = "default"

    /// The partner.
    public var partnerID: UUID
    /// What the partner admin chose.
    public var settings: BrandingSettings
    /// `image/png` or `image/jpeg` when a logo was uploaded.
    public var logoContentType: String?
    /// Hex SHA-256 of the uploaded logo.
    public var logoSHA256: String?
    /// When the branding last changed; nil when the partner never set any.
    public var updatedAt: Date?

    /// A stored branding.
    public init(partnerID: UUID, settings: BrandingSettings, logoContentType: String? = nil, logoSHA256: String? = nil,
                updatedAt: Date? = nil) {
        self.partnerID = partnerID
        self.settings = settings
        self.logoContentType = logoContentType
        self.logoSHA256 = logoSHA256
        self.updatedAt = updatedAt
    }

    /// The brand as the host lookup reports it (`PartnerHost.Match.branding`).
    public var hostBranding: PartnerHost.Branding {
        PartnerHost.Branding(theme: settings.theme, productName: settings.productName,
                             primaryColour: settings.primaryColour, accentColour: settings.accentColour,
                             supportEmail: settings.supportEmail, supportURL: settings.supportURL, logoSHA256: logoSHA256)
    }
}

/// The branding settings a partner admin edits, all at once (a form, or `PUT /branding`).
/// Nil means "not overridden": the theme's colours, the partner's own name, no support links,
/// no custom domain.
public struct BrandingSettings: Sendable, Equatable, Codable {
    /// The theme's name, one of the portal's `ThemeCatalog`.
    public var theme: String
    /// The product name pages show, 1–80 characters.
    public var productName: String?
    /// `#rrggbb`.
    public var primaryColour: String?
    /// `#rrggbb`.
    public var accentColour: String?
    /// Where customers write for help.
    public var supportEmail: String?
    /// An https page for help.
    public var supportURL: String?
    /// The partner's own host name for the portal (`portal.acme.example`).
    public var customDomain: String?

    /// Settings; with no arguments, nothing overridden.
    public init(theme: String = PartnerBranding.defaultTheme, productName: String? = nil, primaryColour: String? = nil,
                accentColour: String? = nil, supportEmail: String? = nil, supportURL: String? = nil,
                customDomain: String? = nil) {
        self.theme = theme
        self.productName = productName
        self.primaryColour = primaryColour
        self.accentColour = accentColour
        self.supportEmail = supportEmail
        self.supportURL = supportURL
        self.customDomain = customDomain
    }
}

/// What branding settings are checked against that only the deployment knows.
public struct BrandingRules: Sendable, Equatable {
    /// The themes the portal has loaded (`ThemeCatalog.names`).
    public var themeNames: Set<String>
    /// The platform's own domain: a custom domain may be neither it nor under it, since those
    /// hosts already name partners by slug. Nil skips that check (the database lookup still
    /// never resolves such a domain; Migrations/0003).
    public var baseDomain: String?

    /// Rules for a deployment.
    public init(themeNames: Set<String> = [PartnerBranding.defaultTheme], baseDomain: String? = nil) {
        self.themeNames = themeNames
        self.baseDomain = baseDomain?.lowercased()
    }
}
