public import Tenancy

/// The brand one site's pages carry: the product name, the logo and favicon to show, the
/// stylesheet with its colours, and where to get help. Every template can read it as `brand`
/// (`{{brand.productName}}`, `{{#brand.supportEmail}}…{{/brand.supportEmail}}`), so a page, an
/// error page and an e-mail rendered for a partner all look like that partner's product.
public struct SiteBrand: Sendable, Equatable {
    /// The theme the pages are rendered with (`default`, `harbour`); also the directory its
    /// assets are served from (`/assets/<theme>/…`).
    public var theme: String
    /// The product name shown in the header, the title and the footer.
    public var productName: String
    /// The logo's URL on this site: the partner's upload (`/brand/logo?v=<sha256>`, so a new
    /// upload is fetched at once) or the theme's; nil shows none (the neutral brand).
    public var logoURL: String?
    /// The favicon's URL on this site.
    public var faviconURL: String?
    /// The per-site stylesheet (`/brand.css?v=<digest>`), linked after the theme's own.
    public var stylesheetURL: String
    /// Where customers write for help.
    public var supportEmail: String?
    /// An https page for help.
    public var supportURL: String?

    /// A brand with everything explicit.
    public init(theme: String, productName: String, logoURL: String?, faviconURL: String?, stylesheetURL: String,
                supportEmail: String? = nil, supportURL: String? = nil) {
        self.theme = theme
        self.productName = productName
        self.logoURL = logoURL
        self.faviconURL = faviconURL
        self.stylesheetURL = stylesheetURL
        self.supportEmail = supportEmail
        self.supportURL = supportURL
    }

    /// The brand of a partner's site: `branding`'s overrides over `manifest`, the theme's.
    /// `partnerName` is shown when the partner set no product name.
    public init(manifest: ThemeManifest, branding: PartnerHost.Branding, partnerName: String) {
        let stylesheet = BrandStylesheet(manifest: manifest, branding: branding)
        self.init(theme: branding.theme, productName: branding.productName ?? partnerName,
                  logoURL: branding.logoSHA256.map { "\(BrandingRoutes.logoPath)?v=\($0.prefix(16))" } ?? manifest.logo,
                  faviconURL: BrandingRoutes.faviconPath,
                  stylesheetURL: "\(BrandingRoutes.stylesheetPath)?v=\(stylesheet.version)",
                  supportEmail: branding.supportEmail, supportURL: branding.supportURL)
    }

    /// The brand of nobody, for hosts that name no (active) partner: a neutral name, no logo
    /// and no favicon (either would be someone's), the theme's colours.
    public static func neutral(theme: String, manifest: ThemeManifest) -> SiteBrand {
        let stylesheet = BrandStylesheet(manifest: manifest, branding: PartnerHost.Branding(theme: theme))
        return SiteBrand(theme: theme, productName: ThemeTemplates.neutralDisplayName, logoURL: nil, faviconURL: nil,
                         stylesheetURL: "\(BrandingRoutes.stylesheetPath)?v=\(stylesheet.version)")
    }
}
