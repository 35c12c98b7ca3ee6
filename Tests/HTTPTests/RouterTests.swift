import HTTP
import Testing

/// Routing without sockets: a request in, a response out.
@Suite struct RouterTests {
    /// A router whose handlers answer with their own name and the parameters they saw.
    private static func makeRouter() -> Router {
        let router = Router()
        router.get("/customers/me") { _ in .text("literal") }
        router.get("/customers/:id") { request in .text("customer \(request.parameters["id"] ?? "?")") }
        router.post("/customers/:id") { request in .text("update \(request.parameters["id"] ?? "?")") }
        router.get("/customers/:id/orders/:order") { request in
            .text("order \(request.parameters["order"] ?? "?") of \(request.parameters["id"] ?? "?")")
        }
        router.get("/customers/me/settings") { _ in .text("settings") }
        router.get("/assets/*path") { request in .text("asset \(request.parameters["path"] ?? "?")") }
        router.delete("/assets/*path") { _ in .text("deleted") }
        router.get("/") { _ in .text("home") }
        return router
    }

    private static func answer(_ method: HTTPMethod, _ target: String, router: Router = makeRouter()) -> (Int, String, Response) {
        let response = router.respond(to: Request(method: method, target: target))
        return (response.status.code, String(decoding: response.body, as: UTF8.self), response)
    }

    @Test func literalSegmentWinsOverParameter() {
        #expect(Self.answer(.get, "/customers/me").1 == "literal")
        #expect(Self.answer(.get, "/customers/42").1 == "customer 42")
    }

    @Test func fallsBackToParameterWhenLiteralBranchHasNoRoute() {
        // `/customers/me/orders/7` exists only under `:id`.
        #expect(Self.answer(.get, "/customers/me/orders/7").1 == "order 7 of me")
        #expect(Self.answer(.get, "/customers/me/settings").1 == "settings")
    }

    @Test func percentDecodesParameters() {
        #expect(Self.answer(.get, "/customers/J%C3%BCrgen%20M%2Fller").1 == "customer Jürgen M/ller")
        // A `+` in a path is a plus, not a space (that is a form-encoding rule).
        #expect(Self.answer(.get, "/customers/a+b").1 == "customer a+b")
    }

    @Test func rejectsMalformedPercentEncodingInParameter() {
        #expect(Self.answer(.get, "/customers/%zz").0 == 400)
        #expect(Self.answer(.get, "/customers/%C3").0 == 400)  // not UTF-8
    }

    @Test func wildcardCapturesTheRestOfThePath() {
        #expect(Self.answer(.get, "/assets/css/site.css").1 == "asset css/site.css")
        #expect(Self.answer(.get, "/assets/a%20b/c").1 == "asset a b/c")
        #expect(Self.answer(.delete, "/assets/x").1 == "deleted")
    }

    @Test func ignoresQueryAndRepeatedSlashesWhenMatching() {
        #expect(Self.answer(.get, "/customers/7?expand=all").1 == "customer 7")
        #expect(Self.answer(.get, "//customers//7/").1 == "customer 7")
        #expect(Self.answer(.get, "/").1 == "home")
    }

    @Test func answersUnknownPathWith404() {
        #expect(Self.answer(.get, "/nowhere").0 == 404)
        #expect(Self.answer(.get, "/customers/1/invoices").0 == 404)
        #expect(Self.answer(.post, "/nowhere").0 == 404)
    }

    @Test func answersWrongMethodWith405AndAllow() {
        let (status, _, response) = Self.answer(.put, "/customers/42")
        #expect(status == 405)
        // RFC 9110 §15.5.6: the response MUST list the methods the resource supports.
        #expect(response.headers["Allow"] == "GET, HEAD, POST")
        let wildcard = Self.answer(.post, "/assets/a/b").2
        #expect(wildcard.status.code == 405)
        #expect(wildcard.headers["Allow"] == "DELETE, GET, HEAD")
    }

    @Test func servesHeadWithTheGetRoute() {
        // RFC 9110 §9.3.2; the connection drops the body, the router answers like GET.
        #expect(Self.answer(.head, "/customers/42").1 == "customer 42")
        #expect(Self.answer(.head, "/assets/logo.svg").1 == "asset logo.svg")
    }

    @Test func answersUnknownMethodWith501() {
        // RFC 9110 §15.6.2: 501 for a method the server does not recognise.
        #expect(Self.answer(HTTPMethod("BREW"), "/nowhere").0 == 501)
    }

    @Test func answersUnknownMethodOnKnownPathWith501() {
        // RFC 9110 §15.5.6: 405 means the method is known but not allowed here; an unknown
        // method is 501 wherever it is sent.
        #expect(Self.answer(HTTPMethod("BREW"), "/customers/42").0 == 501)
    }

    @Test func routesRegisteredExtensionMethods() {
        let router = Router()
        router.on(HTTPMethod("PROPFIND"), "/dav/*path") { request in .text("dav \(request.parameters["path"] ?? "")") }
        #expect(Self.answer(HTTPMethod("PROPFIND"), "/dav/a/b", router: router).1 == "dav a/b")
        // Known to the server, just not here: 405, not 501.
        router.get("/status") { _ in .text("ok") }
        #expect(Self.answer(HTTPMethod("PROPFIND"), "/status", router: router).0 == 405)
    }

    @Test func usesFallbackForUnmatchedGetAndHeadOnly() {
        let router = Self.makeRouter()
        router.fallback = Route { request in .text("fallback \(request.path)") }
        #expect(Self.answer(.get, "/robots.txt", router: router).1 == "fallback /robots.txt")
        #expect(Self.answer(.head, "/robots.txt", router: router).1 == "fallback /robots.txt")
        #expect(Self.answer(.post, "/robots.txt", router: router).0 == 404)
        // A matched route still wins.
        #expect(Self.answer(.get, "/customers/1", router: router).1 == "customer 1")
    }

    @Test func resolveReportsWhereTheHandlerRuns() {
        let router = Router()
        router.get("/healthz", execution: .eventLoop) { _ in .text("ok") }
        router.get("/report") { _ in .text("slow") }
        var fast = Request(method: .get, target: "/healthz")
        var slow = Request(method: .get, target: "/report")
        #expect(router.resolve(&fast).execution == .eventLoop)
        #expect(router.resolve(&slow).execution == .handlerPool)
        // Misses are answered on the loop: they never block.
        var missing = Request(method: .get, target: "/missing")
        #expect(router.resolve(&missing).execution == .eventLoop)
    }
}
