import HTTP
import Testing

/// Redirects after form posts, and the open-redirect check (CWE-601).
@Suite struct RedirectTests {
    @Test func redirectsWithSeeOtherByDefault() {
        let response = Response.redirect(to: "/home")
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/home")
        #expect(response.body.isEmpty)
    }

    @Test func keepsQueryAndFragmentOfALocalPath() {
        #expect(Response.redirect(to: "/customers?page=2#top", status: .found).headers["Location"] == "/customers?page=2#top")
    }

    @Test(arguments: [
        "//evil.com", "/\\evil.com", "\\\\evil.com", "https://x", "http://evil.com/", "javascript:alert(1)",
        "JavaScript:alert(1)", "data:text/html,x", "evil.com", "", " /home", "/\t/evil.com", "/\n/evil.com",
        "/home\r\nSet-Cookie: x=1", "/caf\u{E9}", "/a\\b", "///evil.com",
    ])
    func refusesLocationsThatLeaveTheSite(location: String) {
        #expect(!Response.isSafeLocalPath(location))
        #expect(Response.redirect(to: location).headers["Location"] == "/")
    }

    @Test(arguments: ["/", "/home", "/customers/42/flows?tab=errors", "/search?q=a%2Fb", "/a/./b", "/%2F%2Fevil.com"])
    func acceptsPathsOnThisSite(location: String) {
        #expect(Response.isSafeLocalPath(location))
    }

    @Test func aRouteRedirectsToASafeNextParameterOnly() {
        let router = Router()
        router.post("/login") { request in
            let next = request.queryParameters["next"] ?? "/"
            return .redirect(to: Response.isSafeLocalPath(next) ? next : "/home")
        }
        let safe = router.respond(to: Request(method: .post, target: "/login?next=%2Fflows"))
        #expect(safe.headers["Location"] == "/flows")
        let hostile = router.respond(to: Request(method: .post, target: "/login?next=%2F%2Fevil.com"))
        #expect(hostile.headers["Location"] == "/home")
    }
}
