/// A URL made safe to log: user information, query values and the fragment are removed.
///
/// Outbound calls carry secrets in URLs — `https://key:secret@host/…` (RFC 3986 §3.2.1) and
/// WooCommerce's `?consumer_key=…&consumer_secret=…` query authentication — and errors end up
/// in logs and on the operator's exception page. Query *names* stay, because they tell an
/// operator which page or filter failed; every value becomes `…`.
///
///     https://ck:cs@shop.example/wp-json/wc/v3/orders?page=2&consumer_secret=x#top
///     → https://shop.example/wp-json/wc/v3/orders?page=…&consumer_secret=…
///
/// This is deliberately a plain scan, not a validating parser: it must never fail, and it must
/// redact even a URL that libcurl will go on to reject.
public struct RedactedURL: Sendable, Hashable, CustomStringConvertible {
    /// The redacted text.
    public let description: String

    /// Redacts `url`.
    public init(_ url: String) {
        var rest = Substring(url)
        // RFC 3986 §3.5: the fragment is never sent, and may hold a token (OAuth implicit flow).
        if let hash = rest.firstIndex(of: "#") {
            rest = rest[..<hash]
        }
        var query: Substring?
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        var text = Self.removingUserInformation(from: rest)
        if let query {
            text += "?" + Self.redactingValues(of: query)
        }
        description = text
    }

    /// RFC 3986 §3.2: the authority follows `//` and ends at the next `/`; user information is
    /// everything in it up to the last `@`.
    private static func removingUserInformation(from url: Substring) -> String {
        guard let slashes = url.firstRange(of: "//") else { return String(url) }
        let authorityStart = slashes.upperBound
        let authorityEnd = url[authorityStart...].firstIndex(of: "/") ?? url.endIndex
        guard let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") else { return String(url) }
        return String(url[..<authorityStart]) + String(url[url.index(after: at)...])
    }

    private static func redactingValues(of query: Substring) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            return String(pair[..<equals]) + "=…"
        }.joined(separator: "&")
    }
}
