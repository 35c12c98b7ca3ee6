import Foundation
import Tenancy
internal import Mustache

/// The Mustache templates of a theme, loaded and checked once at start.
///
/// **Layering.** Templates are looked up in `lookupOrder`, first match wins: a partner theme
/// listed before `default` overrides only the files it has (`["harbour", "default"]`), and
/// partials referenced from either resolve across both. `ThemeCatalog` loads every theme so.
///
/// **Branding.** Every template can read `theme` (the manifest) and `brand` (`SiteBrand`: the
/// product name, logo, stylesheet and support contacts of the site being rendered);
/// `branded(for:)` switches to a partner's theme and brand.
///
/// **Layout.** Pages use Mustache template inheritance rather than a header and footer
/// partial pair: `{{<layout}}{{$title}}…{{/title}}{{$content}}…{{/content}}{{/layout}}`.
/// The layout is one well-formed HTML document a theme can restyle as a whole, pages cannot
/// leave an element open across files, and the page body never passes through a variable —
/// so no unescaped output is needed anywhere (the loader forbids it outright).
///
/// **Checks at load** (each failure names the file, and the line and column when known):
/// syntax (swift-mustache's parser), references to partials or parents that no theme
/// provides, reference cycles (which would recurse without end at render time), tags that
/// would bypass escaping or the checks (`TemplateTagScanner`), and templates the portal
/// needs (`PortalPage`) but no theme has.
///
/// **Escaping.** `{{x}}` escapes `< > & " '`, which is safe in element content and in quoted
/// attribute values; that is the only way templates can print data.
public struct ThemeTemplates: Sendable {
    /// The themes searched, first wins.
    public let lookupOrder: [String]
    /// The `theme.json` of the first theme in `lookupOrder` that has one, available to every
    /// template as `theme`.
    public internal(set) var manifest: ThemeManifest
    /// The names of every loaded template (`login`, `partials/field`, …).
    public let templateNames: Set<String>
    /// The file each template name was loaded from, for diagnostics.
    public let files: [String: String]
    /// The brand pages are rendered with, available to every template as `brand`: at load,
    /// the theme's own; per site, the partner's (`branded(for:)`) or nobody's (`neutral`).
    public internal(set) var brand: SiteBrand
    /// The catalog these templates were taken from, so `branded(for:)` can switch to the
    /// partner's theme; nil for templates loaded on their own.
    var catalog: ThemeCatalog?
    private let library: MustacheLibrary

    /// Loads and checks the templates of `lookupOrder` from `themesDirectory`
    /// (`Themes/<theme>/templates/**/*.mustache`, named by their path without the extension).
    /// - Throws: `ThemeTemplateError` naming the file at fault.
    public init(themesDirectory: String, lookupOrder: [String] = ["default"],
                requiredTemplates: Set<String> = PortalPage.requiredTemplateNames) throws(ThemeTemplateError) {
        precondition(!lookupOrder.isEmpty, "a theme lookup order needs at least one theme")
        let root = URL(fileURLWithPath: themesDirectory).standardizedFileURL.path
        var sources: [String: (file: String, text: String)] = [:]
        // Least specific first, so more specific themes overwrite.
        for theme in lookupOrder.reversed() {
            for (name, source) in try Self.readTemplates(of: theme, under: root) { sources[name] = source }
        }
        var templates: [String: MustacheTemplate] = [:]
        var references: [String: [TemplateTagScanner.Finding]] = [:]
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                templates[name] = try MustacheTemplate(string: source.text)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.line.trimmingCharacters(in: .whitespaces)
                throw ThemeTemplateError(file: source.file, line: error.context.lineNumber, column: error.context.columnNumber,
                                         reason: .syntax("\(error.error) in \"\(line)\""))
            } catch {
                throw ThemeTemplateError(file: source.file, reason: .syntax("\(error)"))
            }
            let isMail = name.hasPrefix(PortalMail.directory)
            // The pragma applies from where it stands, so it must come first.
            let firstTag = source.text.prefix { $0 != "}" }.filter { !$0.isWhitespace }
            if isMail, firstTag != "{{%" + TemplateTagScanner.textContentTypePragma {
                throw ThemeTemplateError(file: source.file, line: 1, column: 1,
                                         reason: .forbiddenTag("a mail template is plain text: declare {{% CONTENT_TYPE: TEXT }} at its top"))
            }
            for finding in TemplateTagScanner.scan(source.text, allowsTextContentType: isMail) {
                switch finding.kind {
                case .forbidden(let detail):
                    throw ThemeTemplateError(file: source.file, line: finding.line, column: finding.column,
                                             reason: .forbiddenTag(detail))
                case .reference(let target) where sources[target] == nil:
                    throw ThemeTemplateError(file: source.file, line: finding.line, column: finding.column,
                                             reason: .missingPartial(target))
                case .reference:
                    references[name, default: []].append(finding)
                }
            }
        }
        try Self.refuseCycles(references, files: sources.mapValues(\.file))
        for name in requiredTemplates.sorted() where sources[name] == nil {
            let expected = "\(root)/\(lookupOrder[0])/templates/\(name).mustache"
            throw ThemeTemplateError(file: expected, reason: .missingTemplate(name))
        }
        self.lookupOrder = lookupOrder
        // The most specific theme that has a theme.json brands the pages.
        let manifests = lookupOrder.map { "\(root)/\($0)/theme.json" }
        self.manifest = try ThemeManifest.load(path: manifests.first(where: FileManager.default.fileExists(atPath:)) ?? manifests[0])
        self.templateNames = Set(sources.keys)
        self.files = sources.mapValues(\.file)
        self.library = MustacheLibrary(templates: templates)
        self.brand = SiteBrand(manifest: manifest, branding: PartnerHost.Branding(theme: lookupOrder[0]),
                               partnerName: manifest.displayName)
    }

    /// These templates knowing `catalog`, so branding can switch theme.
    func attached(to catalog: ThemeCatalog?) -> ThemeTemplates {
        var copy = self
        copy.catalog = catalog
        return copy
    }

    /// Renders `page` with `view` (one of the `…View` values, or anything whose properties the
    /// template names), inside the layout.
    public func render(_ page: PortalPage, _ view: Any) throws(ThemeTemplateError) -> String {
        try render(templateNamed: page.templateName, view)
    }

    /// Renders the template `name` with `view`; `theme` resolves to `manifest` in every template.
    /// - Throws: `.unknownTemplate` when no such template was loaded.
    public func render(templateNamed name: String, _ view: Any) throws(ThemeTemplateError) -> String {
        guard let text = library.render(PageContext(theme: manifest, brand: brand, view: view), withTemplate: name) else {
            throw ThemeTemplateError(file: name, reason: .unknownTemplate(name))
        }
        return text
    }

    /// The `*.mustache` files of one theme, by template name.
    private static func readTemplates(of theme: String, under root: String) throws(ThemeTemplateError)
        -> [String: (file: String, text: String)] {
        let directory = "\(root)/\(theme)/templates"
        var isDirectory: ObjCBool = false
        guard !theme.isEmpty, !theme.contains("/"), !theme.hasPrefix("."),
              FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
              let paths = try? FileManager.default.subpathsOfDirectory(atPath: directory) else {
            throw ThemeTemplateError(file: directory, reason: .missingTemplatesDirectory)
        }
        var templates: [String: (file: String, text: String)] = [:]
        for path in paths.sorted() where path.hasSuffix(".mustache") && !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            let file = "\(directory)/\(path)"
            guard let data = FileManager.default.contents(atPath: file),
                  let text = String(validating: data, as: UTF8.self) else {
                throw ThemeTemplateError(file: file, reason: .unreadable)
            }
            templates[String(path.dropLast(".mustache".count))] = (file, text)
        }
        return templates
    }

    /// Fails on the first reference that leads back to the template it starts from.
    private static func refuseCycles(_ references: [String: [TemplateTagScanner.Finding]],
                                     files: [String: String]) throws(ThemeTemplateError) {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        func visit(_ name: String) throws(ThemeTemplateError) {
            if marks[name] == .done { return }
            marks[name] = .visiting
            for finding in references[name] ?? [] {
                guard case .reference(let target) = finding.kind else { continue }
                if marks[target] == .visiting {
                    throw ThemeTemplateError(file: files[name] ?? name, line: finding.line, column: finding.column,
                                             reason: .recursivePartial(target))
                }
                try visit(target)
            }
            marks[name] = .done
        }
        for name in references.keys.sorted() { try visit(name) }
    }
}

/// What a template renders against: the theme's manifest as `theme`, the site's brand as
/// `brand`, everything else from the page's view.
struct PageContext: MustacheParent {
    private let theme: Any?
    private let brand: Any?
    private let view: Any?

    /// The context for one render: the manifest as `theme`, the brand as `brand`, everything
    /// else from the view — each wrapped once (`ViewNode`), so no lookup reflects again.
    init(theme: ThemeManifest, brand: SiteBrand, view: Any) {
        self.theme = ViewNode.wrap(theme)
        self.brand = ViewNode.wrap(brand)
        self.view = ViewNode.wrap(view)
    }

    func child(named name: String) -> Any? {
        switch name {
        case "theme": theme
        case "brand": brand
        default: (view as? any MustacheParent)?.child(named: name)
        }
    }
}
