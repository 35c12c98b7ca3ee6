import Crypto
import HTTP
import Portal
import Testing

/// Synchronizer tokens bound to a session, and the pre-session double-submit cookie.
@Suite struct CSRFTokenTests {
    private let secret = SecureRandom.bytes(32)

    @Test func aTokenVerifiesForItsOwnSession() {
        let token = CSRFToken.make(sessionSecret: secret)
        #expect(token.count == 43)
        #expect(CSRFToken.verify(token, sessionSecret: secret))
    }

    @Test func theTokenIsTheDocumentedHMAC() {
        let key = Array(repeating: UInt8(7), count: 32)
        let expected = Base64URL.encode(HMAC.sha256(key: key, message: Array("counterpart.csrf.v1".utf8)))
        #expect(CSRFToken.make(sessionSecret: key) == expected)
    }

    @Test func anotherSessionsTokenFails() {
        let other = CSRFToken.make(sessionSecret: SecureRandom.bytes(32))
        #expect(!CSRFToken.verify(other, sessionSecret: secret))
    }

    @Test func aTamperedTokenFails() {
        var characters = Array(CSRFToken.make(sessionSecret: secret))
        characters[10] = characters[10] == "A" ? "B" : "A"
        #expect(!CSRFToken.verify(String(characters), sessionSecret: secret))
        let token = CSRFToken.make(sessionSecret: secret)
        #expect(!CSRFToken.verify(String(token.dropLast()), sessionSecret: secret))
        #expect(!CSRFToken.verify(token + "A", sessionSecret: secret))
        #expect(!CSRFToken.verify(" " + token, sessionSecret: secret))
    }

    @Test func missingOrEmptyTokensFail() {
        #expect(!CSRFToken.verify(nil, sessionSecret: secret))
        #expect(!CSRFToken.verify("", sessionSecret: secret))
    }

    @Test func aShortSecretNeverVerifies() {
        #expect(!CSRFToken.verify("anything", sessionSecret: [UInt8]()))
        #expect(!CSRFToken.verify("anything", sessionSecret: [UInt8](repeating: 1, count: 15)))
    }

    // MARK: Pre-session cookie

    private func request(cookie: String?) -> Request {
        var headers = HTTPHeaders()
        if let cookie { headers.add("Cookie", cookie) }
        return Request(method: .post, target: "/login", headers: headers)
    }

    @Test func theLoginFormTokenVerifiesAgainstItsCookie() throws {
        let issued = LoginCSRFCookie.issue(overTLS: false)
        #expect(issued.cookie.name == "cp_csrf")
        #expect(issued.cookie.httpOnly && issued.cookie.sameSite == .lax && issued.cookie.maxAge == LoginCSRFCookie.maxAge)
        let token = CSRFToken.make(sessionSecret: issued.secret)
        let cookieHeader = "other=1; cp_csrf=\(issued.cookie.value)"
        #expect(LoginCSRFCookie.secret(in: request(cookie: cookieHeader), overTLS: false) == issued.secret)
        #expect(LoginCSRFCookie.verify(token, request: request(cookie: cookieHeader), overTLS: false))
    }

    @Test func theLoginFormTokenFailsWithoutOrAgainstAnotherCookie() {
        let victim = LoginCSRFCookie.issue(overTLS: false)
        let attacker = LoginCSRFCookie.issue(overTLS: false)
        let attackersToken = CSRFToken.make(sessionSecret: attacker.secret)
        #expect(!LoginCSRFCookie.verify(attackersToken, request: request(cookie: "cp_csrf=\(victim.cookie.value)"), overTLS: false))
        #expect(!LoginCSRFCookie.verify(attackersToken, request: request(cookie: nil), overTLS: false))
        #expect(!LoginCSRFCookie.verify(nil, request: request(cookie: "cp_csrf=\(victim.cookie.value)"), overTLS: false))
        #expect(LoginCSRFCookie.secret(in: request(cookie: "cp_csrf=short"), overTLS: false) == nil)
    }

    @Test func overTLSTheCookieIsHostBoundAndSecure() {
        let issued = LoginCSRFCookie.issue(overTLS: true)
        #expect(issued.cookie.name == "__Host-cp_csrf")
        #expect(issued.cookie.secure && issued.cookie.path == "/")
        // A plain-named cookie (which a sibling host could have planted) is not read over TLS.
        #expect(LoginCSRFCookie.secret(in: request(cookie: "cp_csrf=\(issued.cookie.value)"), overTLS: true) == nil)
        #expect(LoginCSRFCookie.deletion(overTLS: true).headerValue.hasPrefix("__Host-cp_csrf=; Path=/; Max-Age=0"))
    }
}
