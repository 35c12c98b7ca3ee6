import Crypto
import Foundation
public import Tenancy

/// `/brand.css`: the CSS custom properties of one site (CSS Custom Properties Level 1), from
/// its theme's `theme.json` and the partner's overrides. The theme's stylesheet
/// (`portal.css`) uses only these variables for colours and fonts, so one static stylesheet
/// serves every partner and no page needs an inline style (which the CSP forbids).
///
/// Every value written comes from a checked source: colours are `#rgb`/`#rrggbb`
/// (`ThemeManifest.isHexColour`, `BrandingSettings` validation, and the database's CHECK),
/// font stacks only names, quotes and commas (`ThemeManifest.isFontStack`). Text on the
/// partner's colours is chosen for contrast (WCAG 2.2 SC 1.4.3), not taken on trust: a partner
/// who picks a pale yellow gets dark text on it, and links fall back to the text colour when
/// the primary colour would be unreadable on the page background.
public struct BrandStylesheet: Sendable, Equatable {
    /// The stylesheet.
    public let css: String

    /// The stylesheet for `branding` over `manifest`.
    public init(manifest: ThemeManifest, branding: PartnerHost.Branding) {
        let colours = manifest.colours
        let primary = branding.primaryColour ?? colours.primary
        let accent = branding.accentColour ?? colours.accent
        // The theme's own pairing is kept; a partner's colour gets whichever text reads best.
        let onPrimary = branding.primaryColour == nil ? colours.onPrimary : Self.readableText(on: primary)
        let onAccent = Self.readableText(on: accent)
        let link = Self.contrast(primary, colours.background) >= 4.5 ? primary : colours.text
        let declarations: [(String, String)] = [
            ("--primary", primary), ("--on-primary", onPrimary), ("--accent", accent), ("--on-accent", onAccent),
            ("--link", link), ("--background", colours.background), ("--text", colours.text), ("--error", colours.error),
            ("--font-body", manifest.fonts.body), ("--font-heading", manifest.fonts.heading),
        ]
        css = "/* \(branding.theme) */\n:root {\n" + declarations.map { "  \($0.0): \($0.1);\n" }.joined() + "}\n"
    }

    /// The stylesheet's bytes.
    public var bytes: [UInt8] { Array(css.utf8) }

    /// A short digest of the stylesheet: its ETag and the `?v=` of links to it, so a changed
    /// colour is fetched at once however long the old one was cached.
    public var version: String { String(Hex.encode(SHA256.hash(css.utf8)).prefix(16)) }

    /// `#ffffff` or `#111111`, whichever contrasts more with `background`.
    static func readableText(on background: String) -> String {
        contrast("#ffffff", background) >= contrast("#111111", background) ? "#ffffff" : "#111111"
    }

    /// The WCAG 2.2 contrast ratio of two colours, (L1 + 0.05) / (L2 + 0.05).
    static func contrast(_ first: String, _ second: String) -> Double {
        let (a, b) = (luminance(first), luminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// WCAG 2.2 relative luminance of `#rgb` or `#rrggbb` (sRGB channels linearised).
    static func luminance(_ colour: String) -> Double {
        var digits = Array(colour.utf8.dropFirst())
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        guard digits.count == 6, let value = Int(String(decoding: digits, as: UTF8.self), radix: 16) else { return 0 }
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }
}
