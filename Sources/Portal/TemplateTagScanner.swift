/// Finds the tags of a Mustache template that loading must check, with their positions.
///
/// swift-mustache parses a template but keeps its tokens internal and renders a missing
/// partial as nothing, so a typo in `{{>partials/field}}` would ship a form without its
/// fields. This scanner reads the template text (only after the library accepted its syntax,
/// so tags are well formed) and reports:
/// - every `{{>name}}` and `{{<name}}` reference, to check against the loaded templates;
/// - every tag themes may not use, because it would defeat checking or escaping:
///   `{{{x}}}` and `{{&x}}` (unescaped output: an XSS hole the day a partner's template uses
///   it on a customer's name), `{{%CONTENT_TYPE:…}}` (can turn HTML escaping off),
///   `{{=<% %>=}}` (changes delimiters, so later tags would escape this scan) and dynamic
///   partials `{{>*name}}` (their target is only known at render time).
///
/// One exception: a plain-text mail template (`mail/…`) may — and must — declare
/// `{{% CONTENT_TYPE: TEXT }}`. A text mail has no markup to protect, and HTML escaping would
/// turn a customer called "Smith & Co" into "Smith &amp; Co" in their inbox.
struct TemplateTagScanner {
    /// A tag found, at a 1-based line and column.
    struct Finding: Equatable {
        enum Kind: Equatable {
            /// `{{>name}}` or `{{<name}}`.
            case reference(String)
            /// A tag themes may not use; the text explains.
            case forbidden(String)
        }

        var kind: Kind
        var line: Int
        var column: Int
    }

    /// The pragma a plain-text template declares, spaces removed.
    static let textContentTypePragma = "CONTENT_TYPE:TEXT"

    /// The findings in `text`, in order; `allowsTextContentType` lets the text pragma pass.
    static func scan(_ text: String, allowsTextContentType: Bool = false) -> [Finding] {
        let bytes = Array(text.utf8)
        var findings: [Finding] = []
        var index = 0
        var line = 1
        var lineStart = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
            let sigilIndex = index + 2
            let end = Self.find(close: bytes, from: sigilIndex)
            let sigil = sigilIndex < bytes.count ? bytes[sigilIndex] : 0
            let inner = String(decoding: bytes[min(sigilIndex + 1, end)..<end], as: UTF8.self)
            let name = inner.trimmingWhitespace
            func add(_ kind: Finding.Kind) { findings.append(Finding(kind: kind, line: line, column: column)) }
            switch sigil {
            case UInt8(ascii: "{"): add(.forbidden("{{{\(name)}}} writes unescaped HTML; use {{\(name)}}"))
            case UInt8(ascii: "&"): add(.forbidden("{{&\(name)}} writes unescaped HTML; use {{\(name)}}"))
            case UInt8(ascii: "%") where allowsTextContentType && name.filter({ !$0.isWhitespace }) == textContentTypePragma:
                break
            case UInt8(ascii: "%"): add(.forbidden("{{%\(name)}} pragmas can switch HTML escaping off"))
            case UInt8(ascii: "="): add(.forbidden("{{=…=}} changes delimiters, which defeats the load-time checks"))
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                if name.hasPrefix("*") {
                    add(.forbidden("dynamic partial {{\(Character(UnicodeScalar(sigil)))\(name)}} cannot be checked at start"))
                } else {
                    add(.reference(name))
                }
            default: break
            }
            // Newlines inside a tag (a multi-line comment) still count towards line numbers.
            for byte in bytes[index..<min(end + 2, bytes.count)] where byte == UInt8(ascii: "\n") {
                line += 1
            }
            if let lastNewline = bytes[index..<min(end + 2, bytes.count)].lastIndex(of: UInt8(ascii: "\n")) {
                lineStart = lastNewline + 1
            }
            index = end + 2
        }
        return findings
    }

    /// The index of the `}}` closing a tag whose content starts at `start` (for `{{{x}}}`,
    /// the first `}}`, which leaves the third brace as text: harmless for this scan).
    private static func find(close bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "}"), bytes[index + 1] == UInt8(ascii: "}") { return index }
            index += 1
        }
        return bytes.count
    }
}

extension String {
    /// The text without spaces, tabs and newlines at either end.
    fileprivate var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
