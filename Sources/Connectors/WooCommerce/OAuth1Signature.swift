import Crypto
import Foundation

/// OAuth 1.0a one-legged request signing (RFC 5849), as WooCommerce checks it on plain-http
/// stores (spec §3, `check_oauth_signature`): consumer key and secret only, no token,
/// HMAC-SHA256, the parameters carried in the query string.
struct OAuth1Signature: Sendable {
    /// The consumer key (`ck_…`).
    let consumerKey: String
    /// The consumer secret (`cs_…`); the HMAC key is `enc(secret) & enc("")` (RFC 5849 §3.4.2).
    let consumerSecret: String

    /// The `oauth_*` parameters, signature included, for a request.
    ///
    /// - Parameters:
    ///   - method: the request method.
    ///   - baseURI: the base string URI (RFC 5849 §3.4.1.2), from the store URL as configured:
    ///     WooCommerce rebuilds it from its home URL, not from the Host header it received.
    ///   - query: the request's other query parameters, decoded; they are signed too.
    ///   - timestamp: seconds since the epoch; WooCommerce accepts ±15 minutes.
    ///   - nonce: unique per request; WooCommerce refuses one it saw in the last 15 minutes.
    func parameters(method: String, baseURI: String, query: [(String, String)], timestamp: Int64,
                    nonce: String) -> [(String, String)] {
        var oauth: [(String, String)] = [
            ("oauth_consumer_key", consumerKey),
            ("oauth_nonce", nonce),
            ("oauth_signature_method", "HMAC-SHA256"),
            ("oauth_timestamp", String(timestamp)),
        ]
        let base = Self.baseString(method: method, baseURI: baseURI, parameters: query + oauth)
        oauth.append(("oauth_signature", signature(of: base)))
        return oauth
    }

    /// base64(HMAC-SHA256(key, base string)) with key = `enc(consumer secret) + "&"` (RFC 5849
    /// §3.4.2; WooCommerce: `consumer_secret . '&'`, the same for its `cs_` + hex secrets).
    func signature(of baseString: String) -> String {
        let key = Self.percentEncode(consumerSecret) + "&"
        return Data(HMAC.sha256(key: Array(key.utf8), message: Array(baseString.utf8))).base64EncodedString()
    }

    /// The signature base string (RFC 5849 §3.4.1.1): method, `&`, the encoded base URI, `&`,
    /// the encoded normalised parameters.
    static func baseString(method: String, baseURI: String, parameters: [(String, String)]) -> String {
        method.uppercased() + "&" + percentEncode(baseURI) + "&" + percentEncode(normalized(parameters))
    }

    /// The normalised parameter string (RFC 5849 §3.4.1.3.2): each name and value encoded,
    /// sorted by name then value, joined as `name=value` with `&`. WooCommerce sorts by the raw
    /// name before encoding; for names of unreserved characters only — all this connector
    /// sends — the two orders are the same.
    static func normalized(_ parameters: [(String, String)]) -> String {
        let encoded: [(name: String, value: String)] = parameters.map { (percentEncode($0.0), percentEncode($0.1)) }
        let sorted = encoded.sorted { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        return sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    /// The base string URI (RFC 5849 §3.4.1.2): scheme and host in lower case, the port only
    /// when it is not the scheme's default, then the path; no query, no fragment.
    static func baseURI(scheme: String, host: String, port: Int?, path: String) -> String {
        let scheme = scheme.lowercased()
        var authority = host.lowercased()
        if let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) {
            authority += ":" + String(port)
        }
        return scheme + "://" + authority + (path.isEmpty ? "/" : path)
    }

    /// Percent-encoding of RFC 5849 §3.6 (= PHP's `rawurlencode`, RFC 3986): the UTF-8 bytes of
    /// everything but ALPHA, DIGIT, `-`, `.`, `_`, `~` as `%XX` with upper-case hex.
    static func percentEncode(_ text: String) -> String {
        var encoded = [UInt8]()
        encoded.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hex[Int(byte >> 4)])
                encoded.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
