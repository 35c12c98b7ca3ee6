import Foundation
public import HTTP
import Postgres
public import Tenancy

/// What every branded page links, answered per request host (issue 4 §2):
/// - `GET /brand.css`: `BrandStylesheet` for the host's partner, or the neutral default theme's
///   for a host that names no active partner — never another partner's colours;
/// - `GET /brand/logo`: the partner's uploaded logo, served with the type found in its bytes
///   when it was uploaded, or a redirect to the theme's logo;
/// - `GET /favicon.ico`: a redirect to the theme's favicon;
/// - `GET /brand/preview.css?theme=…&primary_colour=…&accent_colour=…`: the stylesheet of
///   settings not saved yet, for the branding page's preview (`ThemeTemplates.preview`). It
///   depends on its query only — checked like saved settings — so it reveals nobody's brand.
///
/// Caching: responses are public for a short while (`Cache-Control: public, max-age=300`)
/// with an `ETag`, and pages link them with `?v=<digest>` so a change shows at once. The host
/// is part of the URL, so a shared cache never hands one partner's file to another's host.
///
/// ```swift
/// BrandingRoutes(catalog: catalog, database: tenants, baseDomain: "portal.example").register(on: router)
/// ```
public struct BrandingRoutes: Sendable {
    /// The path of the per-site stylesheet.
    public static let stylesheetPath = "/brand.css"
    /// The path of the partner's logo.
    public static let logoPath = "/brand/logo"
    /// The path browsers ask for a favicon at.
    public static let faviconPath = "/favicon.ico"
    /// The path of the stylesheet of unsaved settings.
    public static let previewStylesheetPath = "/brand/preview.css"
    /// What the answers may be cached for.
    public static let cacheControl = "public, max-age=300"

    /// The themes.
    public let catalog: ThemeCatalog
    /// Where partners and their logos live; used as the application role.
    public let database: TenantDatabase
    /// The platform's own domain (`PortalConfiguration.baseDomain`).
    public let baseDomain: String

    /// Routes over `catalog` and `database`.
    public init(catalog: ThemeCatalog, database: TenantDatabase, baseDomain: String) {
        self.catalog = catalog
        self.database = database
        self.baseDomain = baseDomain
    }

    /// Registers the routes on `router`.
    public func register(on router: Router) {
        let routes = self
        router.get(Self.stylesheetPath) { request in try routes.stylesheet(request) }
        router.get(Self.previewStylesheetPath) { request in try routes.previewStylesheet(request) }
        router.get(Self.logoPath) { request in try routes.logo(request) }
        router.get(Self.faviconPath) { request in try routes.favicon(request) }
    }

    /// The host's active partner, or nil.
    func partner(for request: Request) throws -> PartnerHost.Match? {
        guard let host = PartnerHost(host: request.headers["Host"] ?? "", baseDomain: baseDomain) else { return nil }
        let match = try database.pool.withConnection { connection in try host.partner(on: connection) }
        return match?.status == .active ? match : nil
    }

    /// `GET /brand.css`.
    func stylesheet(_ request: Request) throws -> Response {
        let partner = try partner(for: request)
        let branding = partner?.branding ?? PartnerHost.Branding()
        let templates = catalog.themes[branding.theme] ?? catalog.themes[PartnerBranding.defaultTheme]
        guard let manifest = templates?.manifest else { throw HTTPError(.notFound) }
        let stylesheet = BrandStylesheet(manifest: manifest, branding: branding)
        return Self.cacheable(request, etag: stylesheet.version, contentType: "text/css; charset=utf-8", body: stylesheet.bytes)
    }

    /// `GET /brand/preview.css`: 400 unless the theme is the catalog's and the colours are
    /// `#rrggbb` (the same checks as saving).
    func previewStylesheet(_ request: Request) throws -> Response {
        let query = request.queryParameters
        let settings = BrandingSettings(theme: query["theme"] ?? PartnerBranding.defaultTheme,
                                        primaryColour: query["primary_colour"], accentColour: query["accent_colour"])
        let checked: BrandingSettings
        do {
            checked = try settings.validated(BrandingRules(themeNames: catalog.names))
        } catch {
            throw HTTPError(.badRequest, "\(error)")
        }
        guard let manifest = catalog.themes[checked.theme]?.manifest else { throw HTTPError(.badRequest) }
        let stylesheet = BrandStylesheet(manifest: manifest, branding: PartnerHost.Branding(
            theme: checked.theme, primaryColour: checked.primaryColour, accentColour: checked.accentColour))
        return Self.cacheable(request, etag: stylesheet.version, contentType: "text/css; charset=utf-8", body: stylesheet.bytes)
    }

    /// The preview stylesheet's URL for `settings` (already validated).
    public static func previewStylesheetURL(for settings: BrandingSettings) -> String {
        var query = "theme=\(settings.theme)"
        // `#` must be escaped in a query; colours are otherwise plain `#rrggbb`.
        if let primary = settings.primaryColour { query += "&primary_colour=%23" + primary.dropFirst() }
        if let accent = settings.accentColour { query += "&accent_colour=%23" + accent.dropFirst() }
        return "\(previewStylesheetPath)?\(query)"
    }

    /// `GET /brand/logo`.
    func logo(_ request: Request) throws -> Response {
        guard let partner = try partner(for: request) else { throw HTTPError(.notFound) }
        if partner.branding.logoSHA256 != nil,
           let logo = try database.transaction(.partner(partner.id), readOnly: true, { connection in
               try PartnerBrandings.logo(of: partner.id, on: connection)
           }) {
            var response = Self.cacheable(request, etag: logo.sha256, contentType: logo.contentType, body: logo.bytes)
            // Never rendered as anything but the image it was checked to be (and never a page).
            response.headers.set("X-Content-Type-Options", "nosniff")
            response.headers.set("Content-Disposition", "inline")
            return response
        }
        return Self.redirect(to: manifest(of: partner).logo)
    }

    /// `GET /favicon.ico`.
    func favicon(_ request: Request) throws -> Response {
        guard let partner = try partner(for: request) else { throw HTTPError(.notFound) }
        let manifest = manifest(of: partner)
        return Self.redirect(to: manifest.favicon ?? manifest.logo)
    }

    private func manifest(of partner: PartnerHost.Match) -> ThemeManifest {
        (catalog.themes[partner.branding.theme] ?? catalog.themes[PartnerBranding.defaultTheme]!).manifest
    }

    /// 200 with `body`, or 304 when the client already holds `etag` (RFC 9110 §13.1.2).
    static func cacheable(_ request: Request, etag: String, contentType: String, body: [UInt8]) -> Response {
        let tag = "\"\(etag)\""
        var headers: HTTPHeaders = ["ETag": tag, "Cache-Control": cacheControl]
        if let candidates = request.headers["If-None-Match"],
           candidates.split(separator: ",").contains(where: { Self.weakEqual($0, tag) }) || candidates.trimmingCharacters(in: .whitespaces) == "*" {
            return Response(status: .notModified, headers: headers)
        }
        headers.set("Content-Type", contentType)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// A temporary redirect to a theme asset, cached as briefly as the rest.
    static func redirect(to path: String) -> Response {
        Response(status: .found, headers: ["Location": path, "Cache-Control": cacheControl])
    }

    /// Weak comparison: `W/` is ignored on the client's tag.
    private static func weakEqual(_ candidate: Substring, _ tag: String) -> Bool {
        var text = candidate.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        return text == tag
    }
}
