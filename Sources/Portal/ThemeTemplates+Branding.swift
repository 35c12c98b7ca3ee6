public import Tenancy

extension ThemeTemplates {
    /// The name pages show where no partner may be named: a host that names no partner, or a
    /// suspended one. Neither the platform's brand nor any partner's: a white-label customer
    /// who mistypes their portal's address must not learn who runs it, nor see someone else.
    public static let neutralDisplayName = "Portal"

    /// The templates of the partner's theme (from the catalog these were taken from; these
    /// very templates when the theme is unknown or there is no catalog), carrying the
    /// partner's whole brand: name, logo, favicon, stylesheet and support contacts.
    public func branded(for partner: PartnerHost.Match) -> ThemeTemplates {
        var branding = partner.branding
        let base: ThemeTemplates
        if let catalog, let chosen = catalog.templates(named: branding.theme) {
            base = chosen
        } else {
            // A theme removed since the partner chose it: this theme, rather than a broken page.
            base = self
            branding.theme = lookupOrder[0]
        }
        return base.branded(SiteBrand(manifest: base.manifest, branding: branding, partnerName: partner.name))
    }

    /// The partner's pages as they would look with `settings` (validated, not yet saved): the
    /// chosen theme, product name, support contacts and colours — the colours through
    /// `/brand/preview.css`, since the CSP allows no inline style. The logo stays the saved
    /// one (uploads are saved at once). For the branding page's preview.
    public func preview(_ settings: BrandingSettings, for partner: PartnerHost.Match) -> ThemeTemplates {
        var match = partner
        match.branding.theme = settings.theme
        match.branding.productName = settings.productName
        match.branding.primaryColour = settings.primaryColour
        match.branding.accentColour = settings.accentColour
        match.branding.supportEmail = settings.supportEmail
        match.branding.supportURL = settings.supportURL
        var templates = branded(for: match)
        templates.brand.stylesheetURL = BrandingRoutes.previewStylesheetURL(for: settings)
        return templates
    }

    /// These templates carrying `brand`; the layout's `theme.displayName` and `theme.logo`
    /// follow it too, for templates written before `brand` existed.
    public func branded(_ brand: SiteBrand) -> ThemeTemplates {
        var copy = self
        copy.brand = brand
        copy.manifest.displayName = brand.productName
        copy.manifest.logo = brand.logoURL ?? ""
        return copy
    }

    /// These templates with only the product name replaced by `displayName`.
    public func branded(displayName: String) -> ThemeTemplates {
        var brand = self.brand
        brand.productName = displayName
        return branded(brand)
    }

    /// These templates branded for nobody (`SiteBrand.neutral`): the catalog's default theme
    /// when there is a catalog, no logo, a neutral name.
    public var neutral: ThemeTemplates {
        let base = catalog?.templates(named: PartnerBranding.defaultTheme) ?? self
        return base.branded(SiteBrand.neutral(theme: base.lookupOrder[0], manifest: base.manifest))
    }
}
