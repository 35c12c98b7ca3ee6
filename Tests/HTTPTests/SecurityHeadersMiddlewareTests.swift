import HTTP
import Testing

/// The browser security headers added to every response.
@Suite struct SecurityHeadersMiddlewareTests {
    private func router(_ configuration: SecurityHeadersMiddleware.Configuration = .init()) -> Router {
        let router = Router()
        router.use(SecurityHeadersMiddleware(configuration))
        router.get("/page") { _ in .text("page") }
        router.get("/framable") { _ in
            Response(headers: ["Content-Security-Policy": "frame-ancestors https://partner.example", "X-Frame-Options": "SAMEORIGIN"])
        }
        router.post("/fails") { _ in throw HTTPError(.forbidden, "bad CSRF token") }
        return router
    }

    @Test func addsEveryHeaderWithTheDocumentedDefaults() {
        let headers = router().respond(to: Request(method: .get, target: "/page")).headers
        let csp = headers["Content-Security-Policy"] ?? ""
        #expect(csp == "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        #expect(!csp.contains("unsafe"))
        #expect(headers["X-Content-Type-Options"] == "nosniff")
        #expect(headers["Referrer-Policy"] == "same-origin")
        #expect(headers["X-Frame-Options"] == "DENY")
        #expect(headers["Cross-Origin-Opener-Policy"] == "same-origin")
        #expect(headers["Permissions-Policy"]?.contains("camera=()") == true)
        #expect(headers["Permissions-Policy"]?.contains("microphone=()") == true)
        #expect(headers["Permissions-Policy"]?.contains("geolocation=()") == true)
    }

    @Test func sendsNoStrictTransportSecurityUnlessConfigured() {
        #expect(!router().respond(to: Request(method: .get, target: "/page")).headers.contains("Strict-Transport-Security"))
        var configuration = SecurityHeadersMiddleware.Configuration()
        configuration.strictTransportSecurity = .init()
        let headers = router(configuration).respond(to: Request(method: .get, target: "/page")).headers
        #expect(headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains")
    }

    @Test func doesNotOverrideFieldsTheHandlerSet() {
        let headers = router().respond(to: Request(method: .get, target: "/framable")).headers
        #expect(headers.values(for: "Content-Security-Policy") == ["frame-ancestors https://partner.example"])
        #expect(headers.values(for: "X-Frame-Options") == ["SAMEORIGIN"])
        #expect(headers["X-Content-Type-Options"] == "nosniff")
    }

    @Test func coversErrorsAndRoutingMisses() {
        let router = router()
        for request in [Request(method: .post, target: "/fails"), Request(method: .get, target: "/missing"),
                        Request(method: .delete, target: "/page")] {
            let response = router.respond(to: request)
            #expect(response.status.code >= 400)
            #expect(response.headers["Content-Security-Policy"] != nil)
            #expect(response.headers["X-Frame-Options"] == "DENY")
        }
    }

    @Test func anEmptyValueLeavesThatHeaderOut() {
        var configuration = SecurityHeadersMiddleware.Configuration()
        configuration.frameOptions = ""
        let headers = router(configuration).respond(to: Request(method: .get, target: "/page")).headers
        #expect(!headers.contains("X-Frame-Options"))
        #expect(headers.contains("Content-Security-Policy"))
    }
}
