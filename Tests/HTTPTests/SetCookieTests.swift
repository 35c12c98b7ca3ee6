import HTTP
import Testing

/// Writing `Set-Cookie` fields (RFC 6265 §4.1) and refusing invalid ones.
@Suite struct SetCookieTests {
    @Test func defaultsAreHostOnlyHttpOnlySecureLaxAtRoot() throws {
        let cookie = try SetCookie(name: "cp_session", value: "abc")
        #expect(cookie.headerValue == "cp_session=abc; Path=/; Secure; HttpOnly; SameSite=Lax")
        #expect(!cookie.headerValue.contains("Domain"))
    }

    @Test func rendersEveryAttributeThatIsSet() throws {
        let cookie = try SetCookie(name: "pref", value: "x", path: "/portal", maxAge: 3600,
                                   httpOnly: false, secure: false, sameSite: .strict)
        #expect(cookie.headerValue == "pref=x; Path=/portal; Max-Age=3600; SameSite=Strict")
    }

    @Test func leavesSameSiteOutWhenNil() throws {
        let cookie = try SetCookie(name: "a", value: "b", sameSite: nil)
        #expect(cookie.headerValue == "a=b; Path=/; Secure; HttpOnly")
    }

    @Test func deletionExpiresInThePast() throws {
        let cookie = try SetCookie.deletion(name: "cp_session")
        #expect(cookie.headerValue
            == "cp_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax")
    }

    @Test func refusesNamesThatAreNotTokens() {
        for name in ["", "a b", "a;b", "a=b", "caf\u{E9}", "a\r\nSet-Cookie: x"] {
            #expect(throws: SetCookie.ValidationError.invalidName(name)) { try SetCookie(name: name, value: "v") }
        }
    }

    @Test func refusesValuesOutsideCookieOctets() {
        for value in ["a b", "a;b", "a,b", "a\"b", "a\\b", "a\r\nX: y", "\u{E9}"] {
            #expect(throws: SetCookie.ValidationError.invalidValue(name: "n")) { try SetCookie(name: "n", value: value) }
        }
    }

    @Test func refusesPathsThatAreNotAbsoluteOrHoldSeparators() {
        for path in ["", "relative", "/a;b", "/a\nb"] {
            #expect(throws: SetCookie.ValidationError.invalidPath(name: "n")) { try SetCookie(name: "n", value: "v", path: path) }
        }
    }

    @Test func refusesNonPositiveMaxAge() {
        #expect(throws: SetCookie.ValidationError.nonPositiveMaxAge(name: "n")) { try SetCookie(name: "n", value: "v", maxAge: 0) }
    }

    @Test func refusesSameSiteNoneAndPrefixesWithoutSecure() {
        typealias Refused = SetCookie.ValidationError
        #expect(throws: Refused.attributesViolatePrefixOrSameSiteRules(name: "n")) { try SetCookie(name: "n", value: "v", secure: false, sameSite: SetCookie.SameSite.none) }
        #expect(throws: Refused.attributesViolatePrefixOrSameSiteRules(name: "__Secure-n")) { try SetCookie(name: "__Secure-n", value: "v", secure: false) }
        #expect(throws: Refused.attributesViolatePrefixOrSameSiteRules(name: "__Host-n")) { try SetCookie(name: "__Host-n", value: "v", secure: false) }
        #expect(throws: Refused.attributesViolatePrefixOrSameSiteRules(name: "__Host-n")) { try SetCookie(name: "__Host-n", value: "v", path: "/portal") }
        #expect(throws: Never.self) { try SetCookie(name: "__Host-n", value: "v") }
    }

    @Test func descriptionNeverShowsTheValue() throws {
        let cookie = try SetCookie(name: "cp_session", value: "s3cr3t")
        #expect(!"\(cookie)".contains("s3cr3t"))
    }

    @Test func eachCookieGetsItsOwnField() throws {
        var response = Response.text("ok")
        response.setCookie(try SetCookie(name: "a", value: "1"))
        response.setCookie(try SetCookie.deletion(name: "b"))
        let fields = response.headers.values(for: "Set-Cookie")
        #expect(fields.count == 2)
        #expect(fields.first?.hasPrefix("a=1;") == true)
        #expect(fields.last?.hasPrefix("b=;") == true)
    }

    @Test func aRouteReadsOneCookieAndSetsAnother() {
        let router = Router()
        router.get("/visit") { request in
            var response = Response.text("seen \(request.cookies["visits"] ?? "0")")
            response.setCookie(try SetCookie(name: "visits", value: String(Int(request.cookies["visits"] ?? "0")! + 1), maxAge: 60))
            return response
        }
        let response = router.respond(to: Request(method: .get, target: "/visit", headers: ["Cookie": "theme=dark; visits=2"]))
        #expect(String(decoding: response.body, as: UTF8.self) == "seen 2")
        #expect(response.headers["Set-Cookie"] == "visits=3; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax")
    }
}
