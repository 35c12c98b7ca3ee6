import Foundation
import Portal
import Tenancy
import Testing

/// Every theme under Themes/ is loaded at start, layered over default, and checked: a broken
/// one stops start-up naming its file.
@Suite struct ThemeCatalogTests {
    private func catalogError(_ fixture: ThemeFixture) -> ThemeTemplateError? {
        do {
            _ = try ThemeCatalog(themesDirectory: fixture.path, requiredTemplates: ["layout", "page"])
            return nil
        } catch {
            return error
        }
    }

    /// A theme set whose manifests name logos that exist.
    private static func files(_ extra: [String: String]) -> [String: String] {
        var files = ThemeFixture.minimalTheme
        files["default/assets/logo.svg"] = "<svg/>"
        files["default/theme.json"] = ThemeFixture.manifest.replacingOccurrences(of: "/assets/x/logo.svg", with: "/assets/default/logo.svg")
        return files.merging(extra) { $1 }
    }

    @Test func loadsEveryShippedThemeWithEveryPortalPage() throws {
        let catalog = try ThemeCatalog(themesDirectory: repositoryThemes)
        #expect(catalog.names.isSuperset(of: ["default", "harbour", "orchard"]))
        for (name, templates) in catalog.themes {
            #expect(templates.templateNames.isSuperset(of: PortalPage.requiredTemplateNames), "\(name)")
            #expect(templates.lookupOrder == (name == "default" ? ["default"] : [name, "default"]))
        }
        let harbour = try #require(catalog.themes["harbour"])
        #expect(harbour.files["partials/header"]?.hasSuffix("/harbour/templates/partials/header.mustache") == true)
        #expect(harbour.files["login"]?.hasSuffix("/default/templates/login.mustache") == true)
        #expect(harbour.manifest.displayName == "Harbour")
        #expect(catalog.themes["orchard"]?.manifest.colours.primary != catalog.themes["harbour"]?.manifest.colours.primary)
    }

    @Test func theShippedThemesLookDifferentOnTheSamePage() throws {
        let catalog = try ThemeCatalog(themesDirectory: repositoryThemes)
        var pages: [String: String] = [:]
        for name in ["default", "harbour", "orchard"] {
            let templates = try #require(catalog.templates(named: name))
            let html = try templates.render(.login, LoginView(csrfToken: "tok"))
            #expect(html.contains(#"<link rel="stylesheet" href="/assets/\#(name)/theme.css">"#), "\(name)")
            #expect(html.contains(#"<link rel="stylesheet" href="/brand.css?v="#), "\(name)")
            #expect(html.contains("theme-\(name)"), "\(name)")
            pages[name] = html
        }
        #expect(pages["harbour"]?.contains("harbour-header") == true)
        #expect(pages["orchard"]?.contains("orchard-footer") == true)
        #expect(Set(pages.values).count == 3)
    }

    @Test func aThemeOverridingOnePartialRendersDefaultsOtherTemplates() throws {
        let fixture = try ThemeFixture(Self.files([
            "acme/templates/partials/greeting.mustache": "<p>Acme greets {{name}}</p>",
            "acme/assets/logo.svg": "<svg/>",
            "acme/theme.json": ThemeFixture.manifest.replacingOccurrences(of: "/assets/x/logo.svg", with: "/assets/acme/logo.svg"),
        ]))
        let catalog = try ThemeCatalog(themesDirectory: fixture.path, requiredTemplates: ["layout", "page"])
        #expect(catalog.names == ["acme", "default"])
        let acme = try #require(catalog.templates(named: "acme"))
        #expect(try acme.render(templateNamed: "page", ["name": "Bo"]) == "<html><title>T</title><main><p>Acme greets Bo</p></main></html>\n")
        #expect(acme.files["layout"] == fixture.file("default/templates/layout.mustache"))
        let plain = try #require(catalog.templates(named: "default"))
        #expect(try plain.render(templateNamed: "page", ["name": "Bo"]).contains("Hello Bo"))
    }

    @Test func aBrokenThemeStopsLoadingNamingItsFileAndLine() throws {
        let fixture = try ThemeFixture(Self.files(["acme/templates/page.mustache": "ok\n{{#x}}unclosed\n"]))
        let error = try #require(catalogError(fixture))
        #expect(error.file == fixture.file("acme/templates/page.mustache"))
        guard case .syntax = error.reason else { Issue.record("expected a syntax error, got \(error)"); return }
    }

    @Test func aThemeWhoseLogoDoesNotExistStopsLoading() throws {
        let fixture = try ThemeFixture(Self.files([
            "acme/templates/partials/greeting.mustache": "x",
            "acme/theme.json": ThemeFixture.manifest.replacingOccurrences(of: "/assets/x/logo.svg", with: "/assets/acme/missing.svg"),
        ]))
        let error = try #require(catalogError(fixture))
        #expect(error.file == fixture.file("acme/theme.json"))
        guard case .invalidManifest(let detail) = error.reason else { Issue.record("expected a manifest error, got \(error)"); return }
        #expect(detail.contains("/assets/acme/missing.svg"))
    }

    @Test func aThemeDirectoryNameThatCannotBeStoredStopsLoading() throws {
        let fixture = try ThemeFixture(Self.files(["Bad Name/templates/partials/greeting.mustache": "x"]))
        let error = try #require(catalogError(fixture))
        #expect(error.file == fixture.file("Bad Name"))
    }

    @Test func aFontStackThatCouldEscapeTheStylesheetIsRefused() throws {
        let fixture = try ThemeFixture(Self.files([
            "default/theme.json": ThemeFixture.manifest.replacingOccurrences(of: "/assets/x/logo.svg", with: "/assets/default/logo.svg")
                .replacingOccurrences(of: #""body": "serif""#, with: #""body": "serif; } body { background: url(x)""#),
        ]))
        let refused = if case .invalidManifest? = catalogError(fixture)?.reason { true } else { false }
        #expect(refused, "the font stack is refused as an invalid manifest")
    }

    @Test func brandingForAPartnerSwitchesToItsThemeAndCarriesItsBrand() throws {
        let catalog = try ThemeCatalog(themesDirectory: repositoryThemes)
        let match = PartnerHost.Match(
            id: UUID(), kind: .reseller, slug: "acme", name: "Acme Ltd", status: .active,
            branding: PartnerHost.Branding(theme: "orchard", productName: #"<script>alert("x")</script>"#,
                                           supportEmail: "help@acme.example", supportURL: "https://help.acme.example",
                                           logoSHA256: String(repeating: "ab", count: 32)))
        let templates = catalog.defaultTemplates.branded(for: match)
        #expect(templates.lookupOrder == ["orchard", "default"])
        let html = try templates.render(.error, ErrorView(status: 404, title: "Missing", message: "Gone"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains(#"src="/brand/logo?v=abababababababab""#))
        #expect(html.contains("mailto:help@acme.example"))
        #expect(html.contains(#"href="https://help.acme.example""#))
        #expect(!html.contains("Orchard") && !html.contains("Counterpart"))

        // A theme removed since the partner chose it falls back instead of failing.
        var gone = match
        gone.branding.theme = "removed"
        #expect(catalog.defaultTemplates.branded(for: gone).brand.theme == "default")
        // Nobody's brand: no logo, no favicon, a neutral name.
        let neutral = catalog.templates(named: "harbour")!.neutral
        #expect(neutral.brand.logoURL == nil && neutral.brand.faviconURL == nil && neutral.brand.theme == "default")
        #expect(neutral.brand.productName == ThemeTemplates.neutralDisplayName)
    }
}
