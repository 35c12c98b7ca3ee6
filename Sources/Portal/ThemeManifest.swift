import Foundation

/// A theme's `theme.json`: what a partner brands (name, logo, favicon, colours, fonts).
///
/// Every theme extends `default` (`ThemeCatalog`); its `theme.json` is complete on its own,
/// since the colours and fonts here are what `/brand.css` (`BrandStylesheet`) is generated
/// from — the CSP allows no inline styles, so the per-partner stylesheet is served by us.
public struct ThemeManifest: Sendable, Equatable, Decodable {
    /// Colours as CSS hex values (`#1f4e79`).
    public struct Colours: Sendable, Equatable, Decodable {
        /// Buttons, links, the header bar.
        public var primary: String
        /// Text on `primary`.
        public var onPrimary: String
        /// Highlights: the focus ring, the header's rule, notices. `primary` when absent.
        public var accent: String
        /// The page background.
        public var background: String
        /// Body text.
        public var text: String
        /// Error messages and their field outlines.
        public var error: String

        enum CodingKeys: String, CodingKey { case primary, onPrimary, accent, background, text, error }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            primary = try container.decode(String.self, forKey: .primary)
            onPrimary = try container.decode(String.self, forKey: .onPrimary)
            accent = try container.decodeIfPresent(String.self, forKey: .accent) ?? primary
            background = try container.decode(String.self, forKey: .background)
            text = try container.decode(String.self, forKey: .text)
            error = try container.decode(String.self, forKey: .error)
        }
    }

    /// Font stacks as CSS `font-family` values.
    public struct Fonts: Sendable, Equatable, Decodable {
        /// Body text.
        public var body: String
        /// Headings.
        public var heading: String
    }

    /// The product name the portal shows (a partner's brand).
    public var displayName: String
    /// The logo, as a path under the site (`/assets/default/logo.svg`).
    public var logo: String
    /// The favicon, as a path under the site (`/assets/default/favicon.png`); the logo when
    /// absent.
    public var favicon: String?
    /// The colours.
    public var colours: Colours
    /// The fonts.
    public var fonts: Fonts

    /// Reads and checks `theme.json` at `path`.
    /// - Throws: `ThemeTemplateError` with reason `.invalidManifest`, naming `path`.
    public static func load(path: String) throws(ThemeTemplateError) -> ThemeManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeTemplateError(file: path, reason: .invalidManifest("the file cannot be read"))
        }
        let manifest: ThemeManifest
        do {
            manifest = try JSONDecoder().decode(ThemeManifest.self, from: data)
        } catch {
            throw ThemeTemplateError(file: path, reason: .invalidManifest("\(error)"))
        }
        for (field, colour) in [("primary", manifest.colours.primary), ("onPrimary", manifest.colours.onPrimary),
                                ("accent", manifest.colours.accent), ("background", manifest.colours.background),
                                ("text", manifest.colours.text), ("error", manifest.colours.error)]
            where !Self.isHexColour(colour) {
            throw ThemeTemplateError(file: path, reason: .invalidManifest("colours.\(field) must be #rgb or #rrggbb, not \(colour)"))
        }
        for (field, value) in [("logo", manifest.logo), ("favicon", manifest.favicon ?? manifest.logo)]
            where !value.hasPrefix("/") || value.hasPrefix("//") {
            throw ThemeTemplateError(file: path, reason: .invalidManifest("\(field) must be a path on this site starting with /"))
        }
        for (field, stack) in [("body", manifest.fonts.body), ("heading", manifest.fonts.heading)]
            where !Self.isFontStack(stack) {
            throw ThemeTemplateError(file: path, reason: .invalidManifest(
                "fonts.\(field) must be a font-family list of names, quoted names and commas, not \(stack)"))
        }
        return manifest
    }

    /// A CSS `font-family` list (CSS Fonts 4 §2.1) of letters, digits, spaces, hyphens, commas
    /// and double-quoted names: it is written into `/brand.css`, so nothing may end the
    /// declaration or open a block, a comment, a string escape or `url(`.
    static func isFontStack(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 300 && text.allSatisfy { character in
            character.isLetter || character.isNumber || " -,\"".contains(character)
        } && text.filter { $0 == "\"" }.count % 2 == 0
    }

    /// `#rgb` or `#rrggbb`: nothing that could close a CSS declaration when a stylesheet is
    /// generated from it.
    static func isHexColour(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.hasPrefix("#") && (digits.count == 3 || digits.count == 6)
            && digits.allSatisfy { Character(UnicodeScalar($0)).isHexDigit }
    }
}
