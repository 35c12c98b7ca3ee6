public import Crypto
public import Flows
import Foundation
public import HTTP
public import Logging
import Postgres
public import Tenancy

/// The portal's sign-in pages (issue 3 §4), wired to Tenancy: log-in, log-out, the start page,
/// and password reset by a mailed one-time link.
///
/// ```swift
/// let portal = PortalRoutes(configuration: configuration, database: database, templates: templates,
///                           hasher: PasswordHasher(), mailer: mailer, logger: logger)
/// portal.register(on: router)
/// ```
///
/// **Which partner.** Every request first resolves its `Host` to a partner (`PartnerHost`, one
/// query through the security-definer lookup). A host that names nobody gets a neutral 404,
/// a suspended partner's host a neutral "not available" page — both branded for nobody
/// (`ThemeTemplates.neutral`), never with another partner's name. A found partner's pages
/// carry the partner's own name.
///
/// **Sessions** live on the server (`Sessions`); the browser holds a random id in
/// `PortalSessionCookie`. A session is looked up with the host's partner id, so a cookie
/// issued on one partner's host logs nobody in on another's.
///
/// **CSRF.** Every POST carries `_csrf`: before sign-in it is checked against the
/// pre-session cookie (`LoginCSRFCookie`), after sign-in against the session's CSRF secret
/// (`CSRFToken`). A failed check answers 403 before anything is written.
///
/// **Transactions.** A request's database work runs in one tenant transaction where the
/// steps allow it. Two steps open their own: `PasswordLogin` (so scrypt runs with no
/// connection held, and a failed attempt stays recorded) and completing a reset (so a refused
/// password rolls back the claim on the link's token).
///
/// **Logging.** Lines name the partner, the request id and, after sign-in, the user and
/// session ids — never a password, e-mail address, cookie value, CSRF token or reset token.
public struct PortalRoutes: Sendable {
    /// The deployment's settings and clock.
    public let configuration: PortalConfiguration
    /// Where partners, sessions and resets live; used as the application role.
    public let database: TenantDatabase
    /// The theme, branded per partner at each request.
    public let templates: ThemeTemplates
    /// Log-in with the configuration's session and throttle policies.
    public let passwordLogin: PasswordLogin
    /// Where reset links go out.
    public let mailer: any Mailer
    /// Where sign-in events and failures are logged.
    public let logger: Logger
    /// The connectors offered on the connection pages; nil hides them.
    public let connectors: ConnectorCatalog?
    /// Seals and opens connection credentials; nil when the server has no master key.
    public let secretBox: SecretBox?

    /// The portal pages over `database`. `hasher` checks and makes password hashes (log-in
    /// and reset use the same one); the policies come from `configuration`, which the caller
    /// has validated.
    public init(configuration: PortalConfiguration, database: TenantDatabase, templates: ThemeTemplates,
                hasher: PasswordHasher = PasswordHasher(), mailer: any Mailer, logger: Logger,
                connectors: ConnectorCatalog? = nil, secretBox: SecretBox? = nil) {
        self.configuration = configuration
        self.database = database
        self.templates = templates
        self.passwordLogin = PasswordLogin(database: database, throttlePolicy: configuration.loginThrottlePolicy,
                                           sessionPolicy: configuration.sessionPolicy, hasher: hasher)
        self.mailer = mailer
        self.logger = logger
        self.connectors = connectors
        self.secretBox = secretBox
    }

    /// Registers every portal route on `router`. Install `SecurityHeadersMiddleware` on the
    /// router too (inside `RequestIDMiddleware`): these handlers rely on it for CSP and the
    /// other browser headers.
    public func register(on router: Router) {
        router.get("/login", page(Self.showLogin))
        router.post("/login", page(Self.logIn))
        router.post("/logout", page(Self.logOut))
        router.get("/forgot-password", page(Self.showForgotPassword))
        router.post("/forgot-password", page(Self.requestReset))
        router.get("/password/reset", page(Self.showReset))
        router.post("/password/reset", page(Self.completeReset))
        registerSignedInPages(on: router)
    }

    /// The page for a path nothing else answers: a 404 in the host's partner's brand (the
    /// neutral one for an unknown host), so even a mistyped address looks like the partner's
    /// product. `behind` is tried first (static files); its 404 becomes this page, except
    /// under `/api/`, where clients expect the API's own answers, not HTML.
    public func notFoundRoute(behind: Route?) -> Route {
        let notFound = page { routes in
            { request in
                let site = try routes.site(for: request)
                return try routes.errorPage(site.templates, request, status: .notFound, title: "Page not found",
                                            message: "There is nothing at this address. Check it, or start again from the home page.")
            }
        }
        return Route { request in
            if let behind {
                let response = try behind.handler(request)
                if response.status != .notFound { return response }
            }
            if request.path == "/api" || request.path.hasPrefix("/api/") {
                return Response(status: .notFound, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array("Not Found".utf8))
            }
            return try notFound(request)
        }
    }

    /// Whether cookies are `Secure` and `__Host-` prefixed.
    var overTLS: Bool { configuration.servedOverTLS }

    // MARK: Partner resolution

    /// The request's site, looked up with one query outside any transaction.
    /// - Throws: `PortalRefusal` with the neutral page when the host names no active partner.
    func site(for request: Request) throws -> PortalSite {
        let match = try database.pool.withConnection { connection in
            try PartnerHost(host: request.headers["Host"] ?? "", baseDomain: configuration.baseDomain)?
                .partner(on: connection)
        }
        return try site(for: request, match: match)
    }

    /// Runs `body` in one transaction scoped to the request's partner, after looking the
    /// partner up in the same transaction.
    /// - Throws: `PortalRefusal` with the neutral page when the host names no active partner.
    func inSite<Result>(_ request: Request, _ body: (PortalSite, PostgresConnection) throws -> Result) throws -> Result {
        try database.pool.transaction { connection in
            // The lookup is a security-definer function: it works before any tenant is set.
            let match = try PartnerHost(host: request.headers["Host"] ?? "", baseDomain: configuration.baseDomain)?
                .partner(on: connection)
            let site = try site(for: request, match: match)
            try connection.enter(.partner(site.partner.id))
            return try body(site, connection)
        }
    }

    private func site(for request: Request, match: PartnerHost.Match?) throws -> PortalSite {
        guard let match else {
            throw PortalRefusal(try errorPage(templates.neutral, request, status: .notFound, title: "Page not found",
                                              message: "There is no portal at this address. Check the address you were given."))
        }
        guard match.status == .active else {
            throw PortalRefusal(try errorPage(templates.neutral, request, status: .serviceUnavailable,
                                              title: "Not available",
                                              message: "This portal is not available at the moment."))
        }
        // PartnerHost accepted the field, so it is `name[:port]` with a valid host name.
        let host = (request.headers["Host"] ?? match.slug).lowercased()
        return PortalSite(partner: match, host: host, templates: templates.branded(for: match),
                          origin: "\(configuration.scheme)://\(host)")
    }

    // MARK: Shared pieces

    /// Wraps a page handler: a refusal becomes its page; an unexpected error is logged and
    /// answered with a neutral 500 page (the error's text stays in the log). `HTTPError`s
    /// (an undecodable form) pass to the router, which answers them as plain text.
    func page(_ handle: @escaping @Sendable (PortalRoutes) -> (Request) throws -> Response) -> Handler {
        let routes = self
        return { request in
            do {
                return try handle(routes)(request)
            } catch let refusal as PortalRefusal {
                return refusal.response
            } catch let error as HTTPError {
                throw error
            } catch {
                routes.logger.error("portal request failed", metadata: request.logMetadata([
                    "path": "\(request.path)", "error": "\(String(reflecting: type(of: error))): \(error)",
                ]))
                return try routes.errorPage(routes.templates.neutral, request, status: .internalServerError,
                                            title: "Something went wrong",
                                            message: "The page could not be shown. Please try again in a moment.")
            }
        }
    }

    /// An `ErrorView` page carrying the request id, so support can find the log lines.
    func errorPage(_ templates: ThemeTemplates, _ request: Request, status: HTTPStatus, title: String,
                   message: String) throws -> Response {
        try templates.response(.error, ErrorView(status: status.code, title: title, message: message,
                                                 requestID: request.requestID.isEmpty ? nil : request.requestID),
                               status: status)
    }

    /// The 403 for a form whose CSRF token is missing or wrong. Nothing has been done.
    func csrfRefusal(_ site: PortalSite, _ request: Request) throws -> Response {
        logger.notice("portal form refused: CSRF token missing or wrong", metadata: site.metadata(request))
        return try errorPage(site.templates, request, status: .forbidden, title: "This form has expired",
                             message: "Go back, reload the page and send the form again.")
    }

    /// The pre-session CSRF secret the request carries, or a new one with the cookie to set.
    func preSessionSecret(_ request: Request) -> (secret: [UInt8], cookie: SetCookie?) {
        if let secret = LoginCSRFCookie.secret(in: request, overTLS: overTLS) { return (secret, nil) }
        let issued = LoginCSRFCookie.issue(overTLS: overTLS)
        return (issued.secret, issued.cookie)
    }

    /// The client's address without its port (`192.0.2.7`, `::1`): the throttle counts
    /// failures per address, and a new source port per connection must not make a new address.
    static func clientAddress(_ request: Request) -> String {
        request.clientHost ?? "unknown"
    }


    /// The `Caller` the audit log records for `principal` making this request.
    func caller(_ principal: Principal, _ request: Request) -> Caller {
        Caller(principal: principal, requestID: request.requestID, remoteAddress: Self.clientAddress(request))
    }
}

/// A neutral page answered instead of the one asked for (unknown host, suspended partner).
struct PortalRefusal: Error {
    let response: Response

    init(_ response: Response) {
        self.response = response
    }
}
