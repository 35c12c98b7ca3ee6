@testable import API
import Foundation
import HTTP
import Testing

/// The decoded JSON object of a response body.
func jsonObject(_ response: Response) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
}

/// A problem decoded from a response that must be one.
func problem(_ response: Response) throws -> Problem {
    #expect(response.headers["Content-Type"] == "application/problem+json")
    return try JSONDecoder().decode(Problem.self, from: Data(response.body))
}

extension Request {
    /// A request as the middleware chain would see it, with an id.
    static func make(_ target: String, method: HTTPMethod = .get, headers: HTTPHeaders = [:], body: String = "") -> Request {
        var request = Request(method: method, target: target, headers: headers, body: Array(body.utf8))
        request.requestID = "req-1"
        return request
    }
}

@Suite struct ProblemTests {
    @Test func rendersValidationProblemWithEveryMember() throws {
        let error = ProblemError.validation([FieldError(field: "/email", message: "must be an e-mail address")])
        let response = error.response(for: .make("/api/v1/customers?x=1", method: .post))
        #expect(response.status == .unprocessableContent)
        let body = try jsonObject(response)
        #expect(body["type"] as? String == "https://counterpart.dev/problems/validation-failed")
        #expect(body["title"] as? String == "Validation failed")
        #expect(body["status"] as? Int == 422)
        #expect(body["instance"] as? String == "/api/v1/customers")
        #expect(body["request_id"] as? String == "req-1")
        let errors = try #require(body["errors"] as? [[String: String]])
        #expect(errors == [["field": "/email", "message": "must be an e-mail address"]])
    }

    @Test func leavesOutEmptyErrorList() throws {
        let body = try jsonObject(ProblemError.notFound("customer").response(for: .make("/api/v1/customers/1")))
        #expect(body["errors"] == nil)
        #expect(body["detail"] as? String == "No customer with that identifier exists.")
    }

    @Test func unauthorizedCarriesBearerChallenge() {
        let response = ProblemError.unauthorized.response(for: .make("/api/v1/customers"))
        #expect(response.status == .unauthorized)
        #expect(response.headers["WWW-Authenticate"] == #"Bearer realm="counterpart""#)
        let invalid = ProblemError.invalidToken.response(for: .make("/api/v1/customers"))
        #expect(invalid.headers["WWW-Authenticate"]?.contains(#"error="invalid_token""#) == true)
    }

    @Test func tooManyRequestsCarriesRetryAfter() {
        let response = ProblemError.tooManyRequests(retryAfter: 30).response(for: .make("/api/v1/customers"))
        #expect(response.status == .tooManyRequests)
        #expect(response.headers["Retry-After"] == "30")
    }

    @Test func forbiddenNamesThePermission() throws {
        let found = try problem(ProblemError.forbidden(permission: "customers:write").response(for: .make("/api/v1/x")))
        #expect(found.status == 403)
        #expect(found.detail?.contains("customers:write") == true)
    }

    @Test func httpErrorBecomesAboutBlankWithItsHeaders() throws {
        let error = ProblemError(HTTPError(.methodNotAllowed, headers: ["Allow": "GET"]))
        let response = error.response(for: .make("/api/v1/x", method: .put))
        #expect(response.headers["Allow"] == "GET")
        let found = try problem(response)
        #expect(found.type == "about:blank")
        #expect(found.title == "Method Not Allowed")
        #expect(found.detail == nil)
    }
}

@Suite struct ProblemMiddlewareTests {
    struct DatabaseExploded: Error, CustomStringConvertible {
        var description: String { "relation secret_table does not exist" }
    }

    func makeRouter() -> Router {
        let router = Router()
        router.logger.logLevel = .critical
        router.use(RequestIDMiddleware())
        var logger = router.logger
        logger.logLevel = .critical
        router.use(ProblemMiddleware(logger: logger))
        router.get("/api/v1/teapot") { _ in throw HTTPError(.badRequest, "the kettle is cold") }
        router.get("/api/v1/explodes") { _ in throw DatabaseExploded() }
        router.get("/api/v1/fine") { _ in .text("fine") }
        router.get("/page") { _ in throw HTTPError(.notFound) }
        return router
    }

    @Test func unknownApiPathIsAProblem() throws {
        let response = makeRouter().respond(to: Request(method: .get, target: "/api/v1/nowhere"))
        #expect(response.status == .notFound)
        let found = try problem(response)
        #expect(found.instance == "/api/v1/nowhere")
        #expect(found.requestID?.isEmpty == false)
    }

    @Test func wrongMethodIsAProblemThatKeepsAllow() throws {
        let response = makeRouter().respond(to: Request(method: .delete, target: "/api/v1/fine"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"]?.contains("GET") == true)
        _ = try problem(response)
    }

    @Test func thrownHTTPErrorKeepsItsMessageAsDetail() throws {
        let found = try problem(makeRouter().respond(to: Request(method: .get, target: "/api/v1/teapot")))
        #expect(found.status == 400)
        #expect(found.detail == "the kettle is cold")
    }

    @Test func unknownErrorIsA500WithoutDetails() throws {
        let response = makeRouter().respond(to: Request(method: .get, target: "/api/v1/explodes"))
        #expect(response.status == .internalServerError)
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(!text.contains("secret_table"))
        #expect(try problem(response).title == "Internal Server Error")
    }

    @Test func successesAndNonApiPathsAreUntouched() {
        let router = makeRouter()
        #expect(router.respond(to: Request(method: .get, target: "/api/v1/fine")).headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(router.respond(to: Request(method: .get, target: "/page")).headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func thrownProblemErrorReachesTheClientThroughAnEndpoint() throws {
        let router = try SampleAPI().makeRouter()
        let response = router.respond(to: Request(method: .get, target: "/api/v1/widgets"))
        #expect(response.status == .unauthorized)
        #expect(response.headers["WWW-Authenticate"] != nil)
        #expect(try problem(response).type == "https://counterpart.dev/problems/unauthorized")
    }
}
