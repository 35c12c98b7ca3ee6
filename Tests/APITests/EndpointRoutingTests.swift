@testable import API
import Foundation
import HTTP
import Testing

/// The sample API driven through the router, no sockets: what `install` wires together.
@Suite struct EndpointRoutingTests {
    let router: Router

    init() throws { router = try SampleAPI().makeRouter() }

    func send(_ method: HTTPMethod, _ target: String, body: String? = nil, key: String? = nil,
              token: String? = SampleAPI.token) -> Response {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        if body != nil { headers.add("Content-Type", "application/json") }
        if let key { headers.add("Idempotency-Key", key) }
        return router.respond(to: Request(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }

    func create(_ name: String, key: String? = nil) -> Response {
        send(.post, "/api/v1/widgets", body: #"{"name":"\#(name)","colour":"red","size":2}"#, key: key)
    }

    @Test func createsAndReadsBack() throws {
        let created = create("Bolt")
        #expect(created.status == .created)
        let id = try #require(try jsonObject(created)["id"] as? String)
        let read = send(.get, "/api/v1/widgets/\(id)")
        #expect(read.status == .ok)
        #expect(try jsonObject(read)["name"] as? String == "Bolt")
    }

    @Test func replaysARetriedCreateInsteadOfConflicting() throws {
        let first = create("Nut", key: "retry-1")
        let retry = create("Nut", key: "retry-1")
        #expect(first.status == .created)
        #expect(retry.status == .created)
        #expect(retry.body == first.body)
        #expect(create("Nut").status == .conflict)
    }

    @Test func refusesAMalformedIdempotencyKeyBeforeCreating() throws {
        let response = create("Washer", key: "caf\u{E9}")
        #expect(response.status == .badRequest)
        #expect(try problem(response).errors.map(\.field) == ["Idempotency-Key"])
        #expect(create("Washer").status == .created)
    }

    @Test func namesAMalformedPathID() throws {
        let response = send(.get, "/api/v1/widgets/not-a-uuid")
        #expect(response.status == .badRequest)
        #expect(try problem(response).errors.map(\.field) == ["id"])
        #expect(send(.get, "/api/v1/widgets/\(UUID())").status == .notFound)
    }

    @Test func checksTokenThenPermission() throws {
        #expect(send(.get, "/api/v1/widgets", token: nil).status == .unauthorized)
        #expect(send(.get, "/api/v1/widgets", token: "wrong").status == .unauthorized)
        let forbidden = send(.delete, "/api/v1/widgets/\(UUID())")
        #expect(forbidden.status == .forbidden)
        #expect(try problem(forbidden).detail?.contains("widgets:admin") == true)
        #expect(send(.get, "/api/v1/status", token: nil).status == .ok)
    }

    @Test func pagesThroughEveryItemOnce() throws {
        for index in 0..<5 { #expect(create("W\(index)").status == .created) }
        var seen: [String] = []
        var target = "/api/v1/widgets?limit=2"
        for _ in 0..<5 {
            let body = try jsonObject(send(.get, target))
            seen += try #require(body["data"] as? [[String: Any]]).compactMap { $0["name"] as? String }
            guard let next = body["next_cursor"] as? String else { break }
            target = "/api/v1/widgets?limit=2&cursor=\(next)"
        }
        #expect(seen == (0..<5).map { "W\($0)" })
    }

    @Test func refusesABodyLargerThanTheEndpointTakes() throws {
        let name = String(repeating: "x", count: Endpoint.defaultMaximumBodyBytes)
        let response = create(name)
        #expect(response.status == .contentTooLarge)
        #expect(try problem(response).type == "https://counterpart.dev/problems/payload-too-large")
    }

    @Test func refusesAMistypedFilterInsteadOfIgnoringIt() throws {
        let response = send(.get, "/api/v1/widgets?colur=red&limit=5")
        #expect(response.status == .badRequest)
        #expect(try problem(response).errors.map(\.field) == ["colur"])
    }

    @Test func invalidFilterIsNamed() throws {
        let response = send(.get, "/api/v1/widgets?colour=purple")
        #expect(response.status == .badRequest)
        #expect(try problem(response).errors.map(\.field) == ["colour"])
    }
}
