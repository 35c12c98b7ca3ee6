extension OutboundRequest {
    /// Checks what libcurl would pass through unchecked or guess at, before any byte is sent.
    ///
    /// Header values come from other systems' data (order numbers, customer names); a CR or LF
    /// in one would let that data inject header lines (RFC 9110 §5.5 forbids CR, LF and NUL in
    /// field values). A URL without an explicit scheme would make libcurl guess one.
    ///
    /// - Throws: ``HTTPClientError`` of kind ``HTTPClientError/Kind/invalidRequest``.
    func validate() throws {
        func invalid(_ detail: String) -> HTTPClientError {
            HTTPClientError(kind: .invalidRequest, detail: detail, url: RedactedURL(url).description)
        }
        guard Self.isToken(method.rawValue) else {
            throw invalid("method \(method.rawValue.debugDescription) is not an HTTP token")
        }
        guard method != .head || body.isEmpty else {
            throw invalid("a HEAD request has no body (RFC 9110 §9.3.2)")
        }
        let lowercasedURL = url.lowercased()
        guard lowercasedURL.hasPrefix("http://") || lowercasedURL.hasPrefix("https://") else {
            throw invalid("only http:// and https:// URLs are allowed")
        }
        // RFC 3986 §2: a URL holds no spaces or control characters; percent-encode them.
        guard url.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw invalid("the URL contains a space or control character")
        }
        for field in headers {
            guard Self.isToken(field.name) else {
                throw invalid("header name \(field.name.debugDescription) is not an HTTP token")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw invalid("header \(field.name) contains CR, LF or NUL")
            }
        }
        for (name, timeout) in [("connect", connectTimeout), ("total", totalTimeout)] {
            if let timeout, timeout <= .zero {
                throw invalid("the \(name) timeout must be positive, not \(timeout)")
            }
        }
        if case .follow(let limit) = redirects, limit < 0 {
            throw invalid("the redirect limit must not be negative")
        }
    }

    /// RFC 9110 §5.6.2: `token = 1*tchar`.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenCharacter)
    }

    /// `tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" /
    /// "|" / "~" / DIGIT / ALPHA`
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
