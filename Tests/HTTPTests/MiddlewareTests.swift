import HTTP
import Testing

/// The middleware chain and how the router turns thrown errors into responses.
@Suite struct MiddlewareTests {
    /// Records when it runs, before and after the rest of the chain.
    private struct Recording: Middleware {
        let name: String
        let log: Journal

        func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
            log.append("\(name) in")
            var request = request
            request.headers.add("X-Seen-By", name)
            var response = try next(request)
            response.headers.add("X-Wrapped-By", name)
            log.append("\(name) out")
            return response
        }
    }

    /// Answers by itself without calling the rest of the chain.
    private struct Gate: Middleware {
        func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
            guard request.headers["Authorization"] == "Bearer ok" else { throw HTTPError(.unauthorized, "sign in first") }
            return try next(request)
        }
    }

    private struct Unexpected: Error {}

    @Test func runsMiddlewareInRegistrationOrderFirstOutermost() {
        let journal = Journal()
        let router = Router()
        router.use(Recording(name: "outer", log: journal))
        router.use(Recording(name: "inner", log: journal))
        router.get("/") { request in
            journal.append("handler saw \(request.headers.values(for: "X-Seen-By").joined(separator: ","))")
            return .text("ok")
        }
        let response = router.respond(to: Request(method: .get, target: "/"))
        #expect(journal.entries == ["outer in", "inner in", "handler saw outer,inner", "inner out", "outer out"])
        #expect(response.headers.values(for: "X-Wrapped-By") == ["inner", "outer"])
    }

    @Test func middlewareMayAnswerWithoutCallingTheHandler() {
        let journal = Journal()
        let router = Router()
        router.use(Recording(name: "log", log: journal))
        router.use(Gate())
        router.get("/private") { _ in
            journal.append("handler")
            return .text("secret")
        }
        let refused = router.respond(to: Request(method: .get, target: "/private"))
        #expect(refused.status == .unauthorized)
        #expect(String(decoding: refused.body, as: UTF8.self) == "sign in first\n")
        // The outer middleware still saw a response, not an error.
        #expect(refused.headers["X-Wrapped-By"] == "log")
        #expect(!journal.entries.contains("handler"))
        let allowed = router.respond(to: Request(method: .get, target: "/private", headers: ["Authorization": "Bearer ok"]))
        #expect(allowed.status == .ok)
    }

    @Test func middlewareWrapsRoutingMisses() {
        let journal = Journal()
        let router = Router()
        router.use(Recording(name: "log", log: journal))
        let response = router.respond(to: Request(method: .get, target: "/missing"))
        #expect(response.status == .notFound)
        #expect(response.headers["X-Wrapped-By"] == "log")
    }

    @Test func turnsHTTPErrorIntoItsStatusMessageAndHeaders() {
        let router = Router()
        router.post("/orders") { _ in
            throw HTTPError(.tooManyRequests, "slow down", headers: ["Retry-After": "7"])
        }
        let response = router.respond(to: Request(method: .post, target: "/orders"))
        #expect(response.status == .tooManyRequests)
        #expect(response.headers["Retry-After"] == "7")
        #expect(String(decoding: response.body, as: UTF8.self) == "slow down\n")
    }

    @Test func turnsOtherErrorsInto500WithoutDetails() {
        let journal = Journal()
        let router = Router()
        router.use(Recording(name: "log", log: journal))
        router.get("/boom") { _ in throw Unexpected() }
        let response = router.respond(to: Request(method: .get, target: "/boom"))
        #expect(response.status == .internalServerError)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("Unexpected"))
        #expect(response.headers["X-Wrapped-By"] == "log")
    }

    @Test func requestIDMiddlewareKeepsAValidIncomingID() {
        let router = Router()
        router.use(RequestIDMiddleware())
        router.get("/") { request in .text(request.requestID) }
        let response = router.respond(to: Request(method: .get, target: "/", headers: ["X-Request-Id": "abc-123.DEF_4"]))
        #expect(String(decoding: response.body, as: UTF8.self) == "abc-123.DEF_4")
        #expect(response.headers["X-Request-Id"] == "abc-123.DEF_4")
    }

    @Test(arguments: ["", "has space", "new\nline", String(repeating: "a", count: 65)])
    func requestIDMiddlewareReplacesAnUnusableID(incoming: String) throws {
        let router = Router()
        router.use(RequestIDMiddleware())
        router.get("/") { request in .text(request.requestID) }
        let response = router.respond(to: Request(method: .get, target: "/", headers: ["X-Request-Id": incoming]))
        let id = try #require(response.headers["X-Request-Id"])
        #expect(id != incoming)
        #expect(!id.isEmpty)
        #expect(id.utf8.allSatisfy { $0 < 0x80 && $0 > 0x20 })
        #expect(String(decoding: response.body, as: UTF8.self) == id)
    }
}
