extension Response {
    /// A redirect to a path on this site: `303 See Other` by default, the answer to a form POST
    /// (RFC 9110 §15.4.4: the client follows it with GET, so a reload does not resubmit).
    ///
    /// Only local paths are sent. A `location` that `isSafeLocalPath` refuses is replaced by `/`
    /// instead of trapping: the usual source of a bad location is a `next=` parameter an attacker
    /// wrote, and an open redirect (CWE-601) must not become a crash either. Callers that take a
    /// `next=` should check it with `isSafeLocalPath` first and choose their own fallback.
    /// - Precondition: `status` is a 3xx status.
    public static func redirect(to location: String, status: HTTPStatus = .seeOther) -> Response {
        precondition((300...399).contains(status.code), "redirect(to:) needs a 3xx status, not \(status)")
        let target = isSafeLocalPath(location) ? location : "/"
        return Response(status: status, headers: ["Location": target, "Cache-Control": "no-store"])
    }

    /// Whether `location` is a path on this site and nothing else: it starts with exactly one
    /// `/`, and holds only visible ASCII other than `\`.
    ///
    /// What this refuses, and why each would leave the site:
    /// - `//evil.example` is a scheme-relative URL: another host (RFC 3986 §4.2).
    /// - `/\evil.example`: browsers treat `\` as `/` in http(s) URLs (WHATWG URL §4.4, special
    ///   schemes), which makes it `//evil.example`.
    /// - `https://x`, `javascript:…`, `data:…`: absolute URLs and scripts; anything not starting
    ///   with `/` is refused, which also rules out relative paths that could carry a scheme.
    /// - Tabs and newlines anywhere: browsers strip them from URLs before parsing (WHATWG URL
    ///   §4.4 step 3), so `/\t/evil.example` becomes `//evil.example`; other controls and
    ///   spaces are refused too, and CR/LF could otherwise split the header.
    /// - Raw non-ASCII: a legitimate path arrives percent-encoded.
    public static func isSafeLocalPath(_ location: String) -> Bool {
        let bytes = Array(location.utf8)
        guard bytes.count <= 2048, bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\") { return false }
        return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }
    }
}
