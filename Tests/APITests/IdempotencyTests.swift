@testable import API
import HTTP
import Testing

@Suite struct IdempotencyDecisionTests {
    let mine = RequestFingerprint(method: "POST", target: "/api/v1/widgets", body: Array("{}".utf8))
    let other = RequestFingerprint(method: "POST", target: "/api/v1/widgets", body: Array(#"{"a":1}"#.utf8))
    let stored = StoredResponse(status: 201, headers: [["Content-Type", "application/json"]], body: Array("{}".utf8))

    @Test func proceedsWhenNothingIsStored() {
        #expect(IdempotencyDecision.decide(stored: nil, incoming: mine) == .proceed)
    }

    @Test func conflictsWhileTheSameRequestIsInProgress() {
        let decision = IdempotencyDecision.decide(stored: .inProgress(mine), incoming: mine)
        #expect(decision == .conflict)
        #expect(decision.problem?.status == .conflict)
    }

    @Test func replaysACompletedRequest() {
        #expect(IdempotencyDecision.decide(stored: .completed(mine, stored), incoming: mine) == .replay(stored))
    }

    @Test func refusesAKeyReusedForADifferentRequestInEitherState() {
        #expect(IdempotencyDecision.decide(stored: .completed(mine, stored), incoming: other) == .mismatch)
        #expect(IdempotencyDecision.decide(stored: .inProgress(mine), incoming: other) == .mismatch)
        #expect(IdempotencyDecision.mismatch.problem?.status == .unprocessableContent)
        #expect(IdempotencyDecision.proceed.problem == nil)
    }

    @Test func fingerprintCoversMethodTargetAndBody() {
        let base = RequestFingerprint(method: "POST", target: "/a", body: [1])
        #expect(base == RequestFingerprint(method: "POST", target: "/a", body: [1]))
        #expect(base != RequestFingerprint(method: "PUT", target: "/a", body: [1]))
        #expect(base != RequestFingerprint(method: "POST", target: "/b", body: [1]))
        #expect(base != RequestFingerprint(method: "POST", target: "/a", body: [2]))
        // The separator keeps the parts apart: moving a byte across a boundary changes the hash.
        #expect(RequestFingerprint(method: "POST", target: "/a", body: Array("b".utf8))
            != RequestFingerprint(method: "POST", target: "/ab", body: []))
        #expect(base.hex.count == 64)
    }

    @Test func replayIsMarkedAndDropsPerRequestFields() {
        var original = Response(status: .created, headers: ["Content-Type": "application/json", "X-Request-Id": "r1"], body: [1])
        original.headers.add("Location", "/api/v1/widgets/1")
        let replay = StoredResponse(original).response
        #expect(replay.status == .created)
        #expect(replay.headers["X-Request-Id"] == nil)
        #expect(replay.headers["Location"] == "/api/v1/widgets/1")
        #expect(replay.headers["Idempotent-Replayed"] == "true")
        #expect(replay.body == [1])
    }
}

@Suite struct IdempotencyKeyTests {
    func key(_ value: String) throws(ProblemError) -> IdempotencyKey? {
        try IdempotencyKey(Request(method: .post, target: "/", headers: ["Idempotency-Key": value]))
    }

    @Test func acceptsBareAndStructuredFieldStringForms() throws {
        #expect(try key("abc-123")?.value == "abc-123")
        #expect(try key(#""8e03978e-40d5-43e8-bc93-6894a57f9324""#)?.value == "8e03978e-40d5-43e8-bc93-6894a57f9324")
        #expect(try key(#""with \"quote\"""#)?.value == #"with "quote""#)
        #expect(try key(String(repeating: "k", count: 255))?.value.count == 255)
    }

    @Test func absentHeaderIsNoKey() throws {
        #expect(try IdempotencyKey(Request(method: .post, target: "/")) == nil)
    }

    @Test(arguments: ["", String(repeating: "k", count: 256), "caf\u{E9}", "tab\tkey", #""unterminated"#, #""x" ;a=1"#])
    func refusesMalformedKeysNamingTheHeader(_ value: String) {
        do {
            _ = try key(value)
            Issue.record("accepted \(value)")
        } catch {
            #expect(error.status == .badRequest)
            #expect(error.errors.map(\.field) == ["Idempotency-Key"])
        }
    }

    @Test func refusesARepeatedHeader() {
        var headers = HTTPHeaders()
        headers.add("Idempotency-Key", "a")
        headers.add("Idempotency-Key", "b")
        #expect(throws: ProblemError.self) { try IdempotencyKey(Request(method: .post, target: "/", headers: headers)) }
    }
}

@Suite struct IdempotentRespondingTests {
    func post(_ body: String, key: String?) -> Request {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.add("Idempotency-Key", key) }
        return Request.make("/api/v1/widgets", method: .post, headers: headers, body: body)
    }

    @Test func runsOnceAndReplaysTheSameRequest() throws {
        let store = InMemoryIdempotencyStore()
        var runs = 0
        let handler: (Request) throws -> Response = { _ in runs += 1; return Response(status: .created, body: [UInt8(runs)]) }
        let first = try store.respond(to: post("{}", key: "k1"), scope: "t", handler: handler)
        let second = try store.respond(to: post("{}", key: "k1"), scope: "t", handler: handler)
        #expect(runs == 1)
        #expect(first.body == second.body)
        #expect(second.headers["Idempotent-Replayed"] == "true")
        // Another scope (another token) has its own keys.
        _ = try store.respond(to: post("{}", key: "k1"), scope: "u", handler: handler)
        #expect(runs == 2)
    }

    @Test func refusesADifferentBodyUnderTheSameKey() throws {
        let store = InMemoryIdempotencyStore()
        _ = try store.respond(to: post("{}", key: "k1"), scope: "t") { _ in Response(status: .created) }
        #expect(throws: IdempotencyDecision.mismatch.problem!) {
            try store.respond(to: post(#"{"a":1}"#, key: "k1"), scope: "t") { _ in Response(status: .created) }
        }
    }

    @Test func answersConflictWhileInProgress() throws {
        let store = InMemoryIdempotencyStore()
        let request = post("{}", key: "k1")
        _ = try store.claim(try #require(try IdempotencyKey(request)), scope: "t", fingerprint: RequestFingerprint(request))
        #expect(throws: IdempotencyDecision.conflict.problem!) {
            try store.respond(to: request, scope: "t") { _ in Response(status: .created) }
        }
    }

    @Test func requestsWithoutAKeyAlwaysRun() throws {
        let store = InMemoryIdempotencyStore()
        var runs = 0
        for _ in 0..<2 { _ = try store.respond(to: post("{}", key: nil), scope: "t") { _ in runs += 1; return Response() } }
        #expect(runs == 2)
    }

    @Test func serverFailuresAreNotStoredForReplay() throws {
        let store = InMemoryIdempotencyStore()
        let request = post("{}", key: "k1")
        _ = try store.respond(to: request, scope: "t") { _ in Response(status: .serviceUnavailable) }
        // Still only claimed: a 503 is never completed into an answer to replay.
        #expect(store.record("k1", scope: "t") == .inProgress(RequestFingerprint(request)), "a 503 was stored as completed")
    }
}
