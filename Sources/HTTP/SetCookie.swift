/// One `Set-Cookie` field (RFC 6265 §4.1), validated when it is made.
///
/// The defaults are the safe ones for a session-like cookie: `Path=/`, `HttpOnly` (scripts
/// cannot read it), `Secure` (never sent over plain HTTP) and `SameSite=Lax` (not sent on
/// cross-site sub-requests and POSTs). No `Domain` attribute is ever written, so every cookie is
/// host-only (§5.3 step 6): a partner's subdomain never receives another host's cookies.
///
/// An invalid name, value or attribute combination throws `SetCookie.ValidationError` rather
/// than trapping: values sometimes come from data (a token read back from the database), and
/// a server should answer 500 for one bad value, not stop.
public struct SetCookie: Sendable, Equatable, CustomStringConvertible {
    /// The `SameSite` attribute (RFC 6265bis §4.1.2.7).
    public enum SameSite: String, Sendable {
        /// Sent on same-site requests and top-level cross-site GET navigations.
        case lax = "Lax"
        /// Sent on same-site requests only.
        case strict = "Strict"
        /// Sent everywhere; browsers require `Secure` with it.
        case none = "None"
    }

    /// Why a cookie could not be made. The value itself is never included: it may be a secret.
    public enum ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The name is empty or not an RFC 9110 token.
        case invalidName(String)
        /// The value holds a character outside `cookie-octet` (space, `"`, `,`, `;`, `\`, controls, non-ASCII).
        case invalidValue(name: String)
        /// The path does not start with `/` or holds a control character or `;`.
        case invalidPath(name: String)
        /// `Max-Age` must be positive; use `SetCookie.deletion` to remove a cookie.
        case nonPositiveMaxAge(name: String)
        /// `SameSite=None` and the `__Secure-`/`__Host-` prefixes require `Secure`; `__Host-`
        /// also requires `Path=/` (RFC 6265bis §4.1.3).
        case attributesViolatePrefixOrSameSiteRules(name: String)

        public var description: String {
            switch self {
            case .invalidName(let name): "cookie name \"\(name)\" is not a token (RFC 9110 §5.6.2)"
            case .invalidValue(let name): "cookie \(name): value has characters outside cookie-octet (RFC 6265 §4.1.1)"
            case .invalidPath(let name): "cookie \(name): path must start with / and hold no controls or ;"
            case .nonPositiveMaxAge(let name): "cookie \(name): Max-Age must be positive"
            case .attributesViolatePrefixOrSameSiteRules(let name):
                "cookie \(name): SameSite=None, __Secure- and __Host- require Secure; __Host- requires Path=/"
            }
        }
    }

    /// The cookie's name.
    public let name: String
    /// The cookie's value (empty for a deletion).
    public let value: String
    /// The `Path` attribute.
    public let path: String
    /// The `Max-Age` attribute in seconds; nil makes a session cookie (gone when the browser closes).
    public let maxAge: Int?
    /// Whether this field deletes the cookie (`Max-Age=0` and an `Expires` in 1970).
    public let deletes: Bool
    /// The `HttpOnly` attribute.
    public let httpOnly: Bool
    /// The `Secure` attribute.
    public let secure: Bool
    /// The `SameSite` attribute; nil leaves it out (browsers then default to `Lax`).
    public let sameSite: SameSite?

    /// A cookie to set.
    /// - Throws: `ValidationError` when the name, value, path or attribute combination is invalid.
    public init(name: String, value: String, path: String = "/", maxAge: Int? = nil,
                httpOnly: Bool = true, secure: Bool = true, sameSite: SameSite? = .lax) throws(ValidationError) {
        try self.init(name: name, value: value, path: path, maxAge: maxAge, deletes: false,
                      httpOnly: httpOnly, secure: secure, sameSite: sameSite)
    }

    /// A field that removes the cookie `name` (RFC 6265 §3.1: same name and path, an expiry in the
    /// past). `secure` and `sameSite` must match how it was set for `__Host-`/`__Secure-` names.
    public static func deletion(name: String, path: String = "/", secure: Bool = true,
                                sameSite: SameSite? = .lax) throws(ValidationError) -> SetCookie {
        try SetCookie(name: name, value: "", path: path, maxAge: nil, deletes: true,
                      httpOnly: true, secure: secure, sameSite: sameSite)
    }

    private init(name: String, value: String, path: String, maxAge: Int?, deletes: Bool,
                 httpOnly: Bool, secure: Bool, sameSite: SameSite?) throws(ValidationError) {
        guard CookieGrammar.isValidName(name) else { throw .invalidName(name) }
        guard CookieGrammar.isValidValue(value) else { throw .invalidValue(name: name) }
        // RFC 6265 §4.1.1: path-value is any CHAR except CTLs or ";".
        guard path.hasPrefix("/"),
              path.utf8.allSatisfy({ $0 > 0x1F && $0 < 0x7F && $0 != ASCII.semicolon }) else {
            throw .invalidPath(name: name)
        }
        if let maxAge, maxAge <= 0 { throw .nonPositiveMaxAge(name: name) }
        // RFC 6265bis §4.1.3 cookie prefixes and §5.6.7 step: SameSite=None without Secure is refused.
        let needsSecure = sameSite == SameSite.none || name.hasPrefix("__Secure-") || name.hasPrefix("__Host-")
        if (needsSecure && !secure) || (name.hasPrefix("__Host-") && path != "/") {
            throw .attributesViolatePrefixOrSameSiteRules(name: name)
        }
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.deletes = deletes
        self.httpOnly = httpOnly
        self.secure = secure
        self.sameSite = sameSite
    }

    /// The field value: `name=value; Path=/; Max-Age=…; Secure; HttpOnly; SameSite=Lax`.
    public var headerValue: String {
        var text = "\(name)=\(value); Path=\(path)"
        if deletes {
            // Max-Age wins where supported (§5.3 step 3); Expires covers user agents without it.
            text += "; Max-Age=0; Expires=\(HTTPDate.format(epochSeconds: 0))"
        } else if let maxAge {
            text += "; Max-Age=\(maxAge)"
        }
        if secure { text += "; Secure" }
        if httpOnly { text += "; HttpOnly" }
        if let sameSite { text += "; SameSite=\(sameSite.rawValue)" }
        return text
    }

    /// The cookie's name and attributes, never its value (it may be a session secret).
    public var description: String {
        "SetCookie(\(name), path \(path)\(deletes ? ", deletes" : ""))"
    }
}

extension Response {
    /// Adds a `Set-Cookie` field. Several cookies each get their own field: RFC 6265 §3 forbids
    /// folding them into one line.
    public mutating func setCookie(_ cookie: SetCookie) {
        headers.add("Set-Cookie", cookie.headerValue)
    }
}
