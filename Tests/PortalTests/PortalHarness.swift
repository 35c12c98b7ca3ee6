import Flows
import Foundation
import HTTP
import HTTPClient
import Logging
import Portal
import Synchronization
import Tenancy
import TestSupport

/// The portal over a real `HTTPServer` on 127.0.0.1:0, a freshly migrated schema, a clock the
/// test moves, a mailer that records and a log that records — the router built the way App
/// builds it: request id, security headers, access log, then the portal's routes.
struct PortalHarness {
    /// The base domain partners' hosts sit under.
    static let baseDomain = "portal.test"
    /// The password fixtures use.
    static let password = "correct horse battery staple"

    let db: TenantTestDatabase
    let port: UInt16
    let clock: TestClock
    let mailer: RecordingMailer
    let logs: LogRecorder
    let client: HTTPClient

    /// Runs `body` with a started portal; `configure` adjusts the configuration first.
    static func with(_ configure: (inout PortalConfiguration) -> Void = { _ in },
                     _ body: (PortalHarness) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            let clock = TestClock(TenantTestDatabase.start)
            var configuration = PortalConfiguration(baseDomain: baseDomain, publicURL: "http://\(baseDomain)",
                                                    now: { clock.now })
            configure(&configuration)
            try configuration.validate()
            let logs = LogRecorder()
            let mailer = RecordingMailer()
            let router = Router(logger: logs.logger("http"))
            router.use(RequestIDMiddleware())
            router.use(SecurityHeadersMiddleware())
            router.use(AccessLogMiddleware(logger: logs.logger("access")))
            // Every shipped theme, as App loads them, so partners can pick any.
            let catalog = try ThemeCatalog(themesDirectory: repositoryThemes)
            let portal = PortalRoutes(configuration: configuration, database: db.database, templates: catalog.defaultTemplates,
                                      hasher: TenantTestDatabase.fastHasher, mailer: mailer, logger: logs.logger("portal"),
                                      connectors: .standard(runtime: .init(httpClient: try HTTPClient())),
                                      secretBox: SecretBox(keyring: Keyring(current: .random())))
            portal.register(on: router)
            router.fallback = portal.notFoundRoute(behind: nil)
            BrandingRoutes(catalog: catalog, database: db.database, baseDomain: baseDomain).register(on: router)
            var serverConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0)
            serverConfiguration.eventLoopCount = 1
            serverConfiguration.handlerThreads = 4
            let server = HTTPServer(configuration: serverConfiguration, responder: router, logger: logs.logger("server"))
            try server.start()
            defer { server.shutdown() }
            try body(PortalHarness(db: db, port: server.port, clock: clock, mailer: mailer, logs: logs,
                                   client: try HTTPClient()))
        }
    }

    /// The host that names `partner`.
    func host(of partner: Partner) -> String { "\(partner.slug).\(Self.baseDomain)" }

    /// A browser with no cookies visiting `partner`'s portal.
    func browser(for partner: Partner) -> Browser { Browser(client: client, port: port, host: host(of: partner)) }

    /// A browser visiting `host`.
    func browser(host: String) -> Browser { Browser(client: client, port: port, host: host) }

    /// A user of `partner` with `password`.
    func makeUser(in partner: Partner, role: Role = .partnerAdmin, password: String = PortalHarness.password) throws -> Principal {
        let user = try db.makeUser(role, partner: partner.id)
        try db.setPassword(password, for: user)
        return user
    }

    /// Opens the form and signs in; returns the sign-in response (303 on success).
    @discardableResult
    func logIn(_ browser: Browser, email: String, password: String = PortalHarness.password,
               next: String? = nil) throws -> OutboundResponse {
        let form = try browser.get("/login")
        var fields = [("_csrf", Browser.csrfToken(in: form) ?? ""), ("email", email), ("password", password)]
        if let next { fields.append(("next", next)) }
        return try browser.post("/login", fields)
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
