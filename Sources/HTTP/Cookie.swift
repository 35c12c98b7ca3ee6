/// The grammar of cookies shared by the `Cookie` parser and `SetCookie` (RFC 6265 §4.1.1).
enum CookieGrammar {
    /// `cookie-name = token` (RFC 9110 §5.6.2).
    static func isValidName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(ASCII.isTokenCharacter)
    }

    /// `*cookie-octet`: visible US-ASCII except DQUOTE, comma, semicolon and backslash. Empty is
    /// allowed (a cleared cookie).
    static func isValidValue(_ value: some StringProtocol) -> Bool {
        value.utf8.allSatisfy(isCookieOctet)
    }

    /// `cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E`.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x2B, 0x2D...0x3A, 0x3C...0x5B, 0x5D...0x7E: true
        default: false
        }
    }

    /// A value with one pair of surrounding double quotes removed: RFC 6265 §4.1.1 allows
    /// `DQUOTE *cookie-octet DQUOTE`, and the quotes are not part of the value.
    static func unquoted(_ value: Substring) -> Substring {
        if value.utf8.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            return value.dropFirst().dropLast()
        }
        return value
    }
}

extension Request {
    /// The cookies the client sent, by name.
    ///
    /// Parsed from every `Cookie` field in order (RFC 6265 §5.4 sends one field; HTTP/2
    /// intermediaries may split it, RFC 9113 §8.2.3). Pairs are separated by `;` with optional
    /// spaces around them. When a name repeats, the first occurrence wins: user agents list
    /// cookies with longer paths first (§5.4 step 2), so the first is the most specific.
    /// Malformed pairs — no `=`, a name that is not a token, a value with characters outside
    /// `cookie-octet` — are skipped rather than failing the request: a stray cookie set by
    /// some other application on the same host must not lock a user out.
    public var cookies: [String: String] {
        var cookies: [String: String] = [:]
        for field in headers.values(for: "Cookie") {
            // Split on bytes, not Characters: a combining mark must not fuse with a separator.
            for pairBytes in field.utf8.split(separator: ASCII.semicolon, omittingEmptySubsequences: true) {
                let pair = Substring(pairBytes)
                guard let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
                let name = pair[..<equals].trimmingOptionalWhitespace
                let value = CookieGrammar.unquoted(pair[pair.utf8.index(after: equals)...].trimmingOptionalWhitespace)
                guard CookieGrammar.isValidName(name), CookieGrammar.isValidValue(value) else { continue }
                if cookies[String(name)] == nil { cookies[String(name)] = String(value) }
            }
        }
        return cookies
    }
}
