import Foundation
import Tenancy

/// Every theme under `Themes/`, loaded and checked once at start (issue 4 §1).
///
/// Each directory is a theme layered over `default` — `ThemeTemplates(lookupOrder: [name,
/// "default"])` — so it overrides only the templates and assets it has. A broken theme stops
/// start-up with the file and line at fault (`ThemeTemplateError`), as does a theme name that
/// could not be stored (`partner_branding.theme`'s pattern) or a logo or favicon its
/// `theme.json` names but its assets do not have.
///
/// ```swift
/// let catalog = try ThemeCatalog(themesDirectory: "Themes")
/// let templates = catalog.defaultTemplates          // what PortalRoutes starts from
/// templates.branded(for: match)                     // the partner's theme, with its brand
/// ```
public struct ThemeCatalog: Sendable {
    /// The themes by name, `default` among them.
    public let themes: [String: ThemeTemplates]
    /// The themes directory, resolved.
    public let directory: String

    /// Loads every theme in `themesDirectory`.
    /// - Throws: `ThemeTemplateError` naming the file or directory at fault.
    public init(themesDirectory: String,
                requiredTemplates: Set<String> = PortalPage.requiredTemplateNames) throws(ThemeTemplateError) {
        let root = URL(fileURLWithPath: themesDirectory).standardizedFileURL.path
        let defaultTheme = PartnerBranding.defaultTheme
        var themes: [String: ThemeTemplates] = [:]
        for name in Self.themeDirectories(in: root) {
            guard name.utf8.count <= 32, InputRules.tierCode(name) == nil else {
                throw ThemeTemplateError(file: "\(root)/\(name)", reason: .invalidManifest(
                    "a theme's directory name must be 1–32 lower-case letters, digits, '-' or '_'"))
            }
            let order = name == defaultTheme ? [defaultTheme] : [name, defaultTheme]
            let templates = try ThemeTemplates(themesDirectory: root, lookupOrder: order, requiredTemplates: requiredTemplates)
            try Self.checkAssets(of: templates.manifest, theme: name, lookupOrder: order, root: root)
            themes[name] = templates
        }
        guard themes[defaultTheme] != nil else {
            throw ThemeTemplateError(file: "\(root)/\(defaultTheme)", reason: .missingTemplatesDirectory)
        }
        self.themes = themes
        self.directory = root
    }

    /// The theme names, for validating a partner's choice (`BrandingRules.themeNames`).
    public var names: Set<String> { Set(themes.keys) }

    /// The `default` theme, knowing this catalog so it can brand pages in any theme.
    public var defaultTemplates: ThemeTemplates {
        templates(named: PartnerBranding.defaultTheme) ?? themes.values.first!.attached(to: self)
    }

    /// The theme `name`, knowing this catalog; nil when there is no such theme.
    public func templates(named name: String) -> ThemeTemplates? {
        themes[name]?.attached(to: self)
    }

    /// Where the asset a site path such as `/assets/harbour/logo.svg` lies on disk, looked up
    /// through `lookupOrder` as templates are; nil when the path is not a theme asset or no
    /// theme in the order has it.
    static func assetFile(forSitePath path: String, lookupOrder: [String], root: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 4, segments[0].isEmpty, segments[1] == "assets",
              !segments.dropFirst(2).contains(where: { $0.isEmpty || $0.hasPrefix(".") }) else { return nil }
        let relative = segments.dropFirst(3).joined(separator: "/")
        let named = String(segments[2])
        for theme in [named] + lookupOrder where FileManager.default.fileExists(atPath: "\(root)/\(theme)/assets/\(relative)") {
            return "\(root)/\(theme)/assets/\(relative)"
        }
        return nil
    }

    /// The names of the theme directories: every visible directory (each must hold `templates/`).
    private static func themeDirectories(in root: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return entries.sorted().filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: "\(root)/\(name)", isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// The logo and favicon a manifest names must exist, so no page links a missing file.
    private static func checkAssets(of manifest: ThemeManifest, theme: String, lookupOrder: [String],
                                    root: String) throws(ThemeTemplateError) {
        let manifestFile = lookupOrder.map { "\(root)/\($0)/theme.json" }.first(where: FileManager.default.fileExists(atPath:))
            ?? "\(root)/\(theme)/theme.json"
        for (field, path) in [("logo", manifest.logo), ("favicon", manifest.favicon ?? manifest.logo)]
            where assetFile(forSitePath: path, lookupOrder: lookupOrder, root: root) == nil {
            throw ThemeTemplateError(file: manifestFile, reason: .invalidManifest(
                "\(field) \(path) is not a file under any theme's assets (/assets/<theme>/…)"))
        }
    }
}
