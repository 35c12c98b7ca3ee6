import Crypto
import Foundation
import HTTP

/// WooCommerce's REST authentication as `class-wc-rest-authentication.php` runs it (spec §3):
/// on a secure request (`is_ssl()`) the query keys, then HTTP Basic; when that found no user,
/// OAuth 1.0a one-legged with its exact base-string rules, ±15 minute timestamps and nonces
/// remembered for 15 minutes; then the key's read/write permission.
struct SimulatedAuthentication: Sendable {
    let consumerKey: String
    let consumerSecret: String
    let permissions: String
    let isSecure: Bool
    /// The store's home URL as configured (scheme, host, port): what OAuth signs against.
    let homeURL: String

    /// Nil when the request may go on, else WooCommerce's 401 answer.
    func check(method: String, path: String, query: [(String, String)], headers: HTTPHeaders, body: [UInt8],
               now: Int64, nonces: (String, Int64) -> Bool) -> SimulatorReply? {
        var authenticated = false
        if isSecure {
            var key: String?, secret: String?
            if let queryKey = query.first(where: { $0.0 == "consumer_key" })?.1,
               let querySecret = query.first(where: { $0.0 == "consumer_secret" })?.1 {
                (key, secret) = (queryKey, querySecret)
            } else if let authorization = headers["Authorization"], authorization.lowercased().hasPrefix("basic "),
                      let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                      let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":") {
                (key, secret) = (String(pair[..<colon]), String(pair[pair.index(after: colon)...]))
            }
            // An unknown key falls through silently; a known key with the wrong secret is refused.
            if let key, key == consumerKey {
                guard let secret, ConstantTime.equals(Array(secret.utf8), Array(consumerSecret.utf8)) else {
                    return .error(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.")
                }
                authenticated = true
            }
        }
        if !authenticated {
            switch oauth(method: method, path: path, query: query, headers: headers, body: body, now: now, nonces: nonces) {
            case .absent: break
            case .valid: authenticated = true
            case .refused(let reply): return reply
            }
        }
        guard authenticated else {
            return method == "GET" ? .error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
                : .error(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")
        }
        let reads = method == "GET" || method == "HEAD"
        let allowed = reads ? ["read", "read_write"].contains(permissions) : ["write", "read_write"].contains(permissions)
        guard allowed else {
            return .error(401, "woocommerce_rest_authentication_error",
                          "The API key provided does not have \(reads ? "read" : "write") permissions.")
        }
        return nil
    }

    private enum OAuthOutcome { case absent, valid, refused(SimulatorReply) }

    private func oauth(method: String, path: String, query: [(String, String)], headers: HTTPHeaders, body: [UInt8], now: Int64,
                       nonces: (String, Int64) -> Bool) -> OAuthOutcome {
        // $_GET, then $_POST (form bodies only; JSON is not signed), then the OAuth header.
        var parameters: [String: String] = [:]
        for (name, value) in query { parameters[name] = value }
        if headers["Content-Type"]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            for (name, value) in SimulatorRequest.formPairs(String(decoding: body, as: UTF8.self)) { parameters[name] = value }
        }
        if let authorization = headers["Authorization"], authorization.hasPrefix("OAuth ") {
            for part in authorization.dropFirst(6).split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let name = pair[0].trimmingCharacters(in: .whitespaces)
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                parameters[name] = PercentDecoding.decode(value) ?? value
            }
        }
        let required = ["oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method"]
        let missing = required.filter { (parameters[$0] ?? "").isEmpty }
        if missing.count == required.count { return .absent }
        guard missing.isEmpty else {
            return .refused(.error(401, "woocommerce_rest_authentication_missing_parameter",
                                   "Missing OAuth parameters \(missing.joined(separator: ", "))"))
        }
        guard parameters["oauth_consumer_key"] == consumerKey else {
            return .refused(.error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid."))
        }
        // HMAC-SHA1 is valid in WooCommerce too; the simulator has only SHA-256 (Crypto's HMAC).
        guard parameters["oauth_signature_method"] == "HMAC-SHA256" else {
            return .refused(.error(401, "woocommerce_rest_authentication_error", "Invalid signature - signature method is invalid."))
        }
        let received = parameters["oauth_signature"]!.replacingOccurrences(of: " ", with: "+")
        let signature = PercentDecoding.decode(received) ?? received
        var signed = parameters
        signed["oauth_signature"] = nil
        // uksort by the raw key (strcmp), then each key and value rawurlencoded, each pair
        // encoded again and joined with %26 (check_oauth_signature, spec §3).
        let normalized = signed.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { key in
            Self.rawURLEncode(Self.rawURLEncode(key) + "=" + Self.rawURLEncode(signed[key]!))
        }.joined(separator: "%26")
        let base = method.uppercased() + "&" + Self.rawURLEncode(homeURL + path) + "&" + normalized
        let expected = Data(HMAC.sha256(key: Array((consumerSecret + "&").utf8), message: Array(base.utf8))).base64EncodedString()
        guard ConstantTime.equals(Array(expected.utf8), Array(signature.utf8)) else {
            return .refused(.error(401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match."))
        }
        guard let timestamp = Int64(parameters["oauth_timestamp"]!), abs(now - timestamp) <= 15 * 60 else {
            return .refused(.error(401, "woocommerce_rest_authentication_error", "Invalid timestamp."))
        }
        guard nonces(parameters["oauth_nonce"]!, timestamp) else {
            return .refused(.error(401, "woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used."))
        }
        return .valid
    }

    /// PHP's `rawurlencode` (RFC 3986): everything but `A-Z a-z 0-9 - _ . ~` as `%XX`.
    static func rawURLEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }
}
