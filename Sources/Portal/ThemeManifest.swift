import Foundation

/// A theme's `theme.json`: what a partner brands (name, logo, colours, fonts).
///
/// The stylesheet is a static file (the CSP allows no inline styles), so the colours here are
/// what issue 4's per-partner stylesheet will be generated from; today the layout uses the
/// display name and logo.
public struct ThemeManifest: Sendable, Equatable, Decodable {
    /// Colours as CSS hex values (`#1f4e79`).
    public struct Colours: Sendable, Equatable, Decodable {
        /// Buttons, links, the header bar.
        public var primary: String
        /// Text on `primary`.
        public var onPrimary: String
        /// The page background.
        public var background: String
        /// Body text.
        public var text: String
        /// Error messages and their field outlines.
        public var error: String
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
                                ("background", manifest.colours.background), ("text", manifest.colours.text),
                                ("error", manifest.colours.error)] where !Self.isHexColour(colour) {
            throw ThemeTemplateError(file: path, reason: .invalidManifest("colours.\(field) must be #rgb or #rrggbb, not \(colour)"))
        }
        guard manifest.logo.hasPrefix("/"), !manifest.logo.hasPrefix("//") else {
            throw ThemeTemplateError(file: path, reason: .invalidManifest("logo must be a path on this site starting with /"))
        }
        return manifest
    }

    /// `#rgb` or `#rrggbb`: nothing that could close a CSS declaration when a stylesheet is
    /// generated from it.
    static func isHexColour(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.hasPrefix("#") && (digits.count == 3 || digits.count == 6)
            && digits.allSatisfy { Character(UnicodeScalar($0)).isHexDigit }
    }
}
