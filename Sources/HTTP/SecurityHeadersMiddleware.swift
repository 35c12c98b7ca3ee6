/// Adds the browser security headers to every response — pages, redirects, errors and static
/// files alike — unless the handler already set the field (a page that must be framed, say,
/// sets its own `Content-Security-Policy`).
///
/// Register it outermost but inside `RequestIDMiddleware`, so responses other middleware
/// produce (a 403 from the CSRF check, a 429 from the rate limit) carry the headers too.
public struct SecurityHeadersMiddleware: Middleware {
    /// The header values, each replaceable (an empty string leaves that header out); the defaults fit a server-rendered portal with no
    /// inline scripts or styles.
    public struct Configuration: Sendable, Equatable {
        /// `Content-Security-Policy` (W3C CSP Level 3). The default allows only same-origin
        /// scripts, styles, fonts and images (plus `data:` images for inline SVG charts and
        /// logos), no plugins, no `<base>`, forms posting only to this origin, and no framing.
        /// There is no `'unsafe-inline'`: an injected `<script>` or `style=` does nothing.
        public var contentSecurityPolicy: String = Configuration.portalContentSecurityPolicy
        /// `Referrer-Policy`. `same-origin`: the portal's own pages see the full referrer, other
        /// sites see none — not even the origin `strict-origin-when-cross-origin` would send.
        /// Reset-password links carry a token in the URL, and the host itself names the partner
        /// (white-label customers need not learn who runs the platform); no outbound link needs
        /// a referrer to work.
        public var referrerPolicy: String = "same-origin"
        /// `X-Frame-Options` for browsers without CSP `frame-ancestors` (RFC 7034).
        public var frameOptions: String = "DENY"
        /// `Cross-Origin-Opener-Policy`: a page opened from another site gets no handle to ours.
        public var crossOriginOpenerPolicy: String = "same-origin"
        /// `Permissions-Policy`: powerful features the portal never uses are off, so injected
        /// content cannot ask for them either.
        public var permissionsPolicy: String = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        /// `Strict-Transport-Security` (RFC 6797); nil, the default, sends none. Set it only when
        /// the site is served over TLS: on plain HTTP browsers ignore it (§8.1), and once sent
        /// over TLS it binds the host and its subdomains to HTTPS for `maxAge` seconds.
        public var strictTransportSecurity: StrictTransportSecurity?

        /// The defaults.
        public init() {}

        /// The default `Content-Security-Policy`.
        public static let portalContentSecurityPolicy = [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
            "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// The `Strict-Transport-Security` policy (RFC 6797 §6.1).
    public struct StrictTransportSecurity: Sendable, Equatable {
        /// How long browsers remember to use HTTPS only, in seconds.
        public var maxAge: Int
        /// Whether the policy covers subdomains (partners' `<slug>.<base domain>` hosts).
        public var includeSubDomains: Bool

        /// A policy; the defaults are one year including subdomains.
        public init(maxAge: Int = 31_536_000, includeSubDomains: Bool = true) {
            precondition(maxAge >= 0, "Strict-Transport-Security max-age cannot be negative")
            self.maxAge = maxAge
            self.includeSubDomains = includeSubDomains
        }

        /// The field value, e.g. `max-age=31536000; includeSubDomains`.
        public var headerValue: String {
            "max-age=\(maxAge)" + (includeSubDomains ? "; includeSubDomains" : "")
        }
    }

    /// The field names and values added, computed once.
    private let fields: [(name: String, value: String)]

    /// A middleware sending `configuration`'s headers.
    public init(_ configuration: Configuration = Configuration()) {
        var fields = [
            ("Content-Security-Policy", configuration.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", configuration.referrerPolicy),
            ("X-Frame-Options", configuration.frameOptions),
            ("Cross-Origin-Opener-Policy", configuration.crossOriginOpenerPolicy),
            ("Permissions-Policy", configuration.permissionsPolicy),
        ]
        if let hsts = configuration.strictTransportSecurity {
            fields.append(("Strict-Transport-Security", hsts.headerValue))
        }
        for (name, value) in fields {
            precondition(value.utf8.allSatisfy(ASCII.isFieldValueCharacter), "\(name) value holds a control character")
        }
        // An empty value switches that header off (a deployment behind a proxy that sets it).
        self.fields = fields.filter { !$0.1.isEmpty }.map { (name: $0.0, value: $0.1) }
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        var response = try next(request)
        for field in fields where !response.headers.contains(field.name) {
            response.headers.add(field.name, field.value)
        }
        return response
    }
}
