import Foundation
import HTTP
import Tenancy

// The branding settings page: theme, product name, colours, support contacts and custom domain,
// with a preview of the whole page in the new brand before saving; and the logo upload.
extension PortalRoutes {
    static let brandingPath = PortalSection.branding.path

    func registerBrandingPages(on router: Router) {
        router.get(Self.brandingPath, page(signedIn(.brandingWrite, Self.brandingSettings)))
        router.post(Self.brandingPath, page(signedIn(.brandingWrite, Self.saveBranding)))
        router.post(Self.brandingPath + "/logo", page(signedIn(.brandingWrite, Self.uploadLogo)))
        router.post(Self.brandingPath + "/logo/remove", page(signedIn(.brandingWrite, Self.removeLogo)))
    }

    /// `GET /settings/branding`.
    func brandingSettings(_ visit: PortalVisit) throws -> Response {
        let saved = try PartnerBrandings.get(visit.principal.partnerID, on: visit.connection)
        return try renderBranding(visit, saved.settings, branding: saved, errors: FieldErrors())
    }

    /// `POST /settings/branding`: `action=preview` shows the page in the new brand without
    /// saving; `action=save` saves (audited) and returns to the page.
    func saveBranding(_ visit: PortalVisit) throws -> Response {
        let saved = try PartnerBrandings.get(visit.principal.partnerID, on: visit.connection)
        let settings = BrandingSettings(theme: visit.form["theme"] ?? "", productName: visit.field("product_name"),
                                        primaryColour: visit.field("primary_colour"), accentColour: visit.field("accent_colour"),
                                        supportEmail: visit.field("support_email"), supportURL: visit.field("support_url"),
                                        customDomain: visit.field("custom_domain"))
        do {
            if visit.form["action"] == "preview" {
                let checked = try settings.validated(brandingRules)
                return try renderBranding(visit, checked, branding: saved, errors: FieldErrors(),
                                          templates: visit.site.templates.preview(checked, for: visit.site.partner))
            }
            _ = try PartnerBrandings.update(settings, rules: brandingRules, by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.brandingPath + "?notice=" + PortalNotice.brandingSaved.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderBranding(visit, settings, branding: saved, errors: errors,
                                      status: .unprocessableContent)
        }
    }

    /// `POST /settings/branding/logo` (`multipart/form-data`, field `logo`): a PNG or JPEG,
    /// recognised by its bytes — the file name and the browser's declared type are not
    /// believed, so an SVG (which can carry script) never gets in under another name.
    func uploadLogo(_ visit: PortalVisit) throws -> Response {
        let saved = try PartnerBrandings.get(visit.principal.partnerID, on: visit.connection)
        do {
            guard let part = visit.upload?["logo"], !part.body.isEmpty else {
                throw TenancyError.invalid("logo", "choose a PNG or JPEG file to upload")
            }
            _ = try PartnerBrandings.setLogo(try LogoImage(bytes: part.body), by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.brandingPath + "?notice=" + PortalNotice.brandingSaved.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderBranding(visit, saved.settings, branding: saved, errors: errors,
                                      status: .unprocessableContent)
        }
    }

    /// `POST /settings/branding/logo/remove`: back to the theme's logo.
    func removeLogo(_ visit: PortalVisit) throws -> Response {
        _ = try PartnerBrandings.removeLogo(by: visit.caller, on: visit.connection)
        return Response.redirect(to: Self.brandingPath + "?notice=" + PortalNotice.brandingSaved.rawValue)
    }

    /// What a partner may choose: the themes this deployment ships, and no custom domain under
    /// the platform's own base domain.
    var brandingRules: BrandingRules {
        BrandingRules(themeNames: templates.catalog?.names ?? [PartnerBranding.defaultTheme], baseDomain: configuration.baseDomain)
    }

    private func renderBranding(_ visit: PortalVisit, _ settings: BrandingSettings, branding: PartnerBranding, errors: FieldErrors,
                                templates: ThemeTemplates? = nil, status: HTTPStatus = .ok) throws -> Response {
        let themes = (templates ?? visit.site.templates).catalog?.names.sorted() ?? [PartnerBranding.defaultTheme]
        let fields = ["theme", "product_name", "primary_colour", "accent_colour", "support_email", "support_url", "custom_domain", "logo"]
        let view = BrandingView(
            chrome: visit.chrome(.branding), csrfToken: visit.csrfToken, isPreview: templates != nil,
            themeSelect: SelectFieldView(name: "theme", label: "Theme", choices: themes.map { ($0, $0.prefix(1).uppercased() + $0.dropFirst()) },
                                         selected: settings.theme, errorMessage: errors["theme"],
                                         hint: "Layout, shapes and type. Your colours and name go on top."),
            productNameField: FormFieldView(name: "product_name", label: "Product name", value: settings.productName,
                                            errorMessage: errors["product_name"], isRequired: false,
                                            hint: "Shown on every page and e-mail instead of your company name."),
            primaryColourField: FormFieldView(name: "primary_colour", label: "Primary colour", inputType: "color",
                                              value: settings.primaryColour ?? visit.site.templates.manifest.colours.primary,
                                              errorMessage: errors["primary_colour"], isRequired: false,
                                              hint: "Header, buttons and links, as #rrggbb. Text on it is chosen for contrast."),
            accentColourField: FormFieldView(name: "accent_colour", label: "Accent colour", inputType: "color",
                                             value: settings.accentColour ?? visit.site.templates.manifest.colours.accent,
                                             errorMessage: errors["accent_colour"], isRequired: false),
            supportEmailField: FormFieldView(name: "support_email", label: "Support e-mail", inputType: "email",
                                             value: settings.supportEmail, autocomplete: "email", errorMessage: errors["support_email"],
                                             isRequired: false),
            supportURLField: FormFieldView(name: "support_url", label: "Support website", inputType: "url", value: settings.supportURL,
                                           autocomplete: "url", errorMessage: errors["support_url"], isRequired: false,
                                           hint: "An https address."),
            customDomainField: FormFieldView(name: "custom_domain", label: "Custom domain", value: settings.customDomain,
                                             errorMessage: errors["custom_domain"], isRequired: false,
                                             hint: "e.g. portal.yourcompany.example — point its DNS at this platform first."),
            formError: errors.unplaced(shown: Set(fields)),
            logoURL: branding.logoSHA256 == nil ? nil : visit.site.templates.brand.logoURL,
            hasUploadedLogo: branding.logoSHA256 != nil, logoError: errors["logo"],
            logoLimits: "PNG or JPEG, at most \(LogoImage.maximumBytes / 1024) KiB and \(LogoImage.maximumDimension) × \(LogoImage.maximumDimension) pixels")
        return try (templates ?? visit.site.templates).response(.branding, view, status: status)
    }
}
