@testable import API
import Crypto
import Foundation
import HTTP
import Testing

@Suite struct CursorTests {
    let id = UUID(uuidString: "01890A5D-AC96-774B-BCCE-B302099A8057")!

    @Test func idCursorRoundTrips() throws {
        let cursor = Cursor(after: id)
        let decoded = try Cursor(token: cursor.token)
        #expect(decoded == cursor)
        #expect(decoded.timestamp == nil)
    }

    @Test func timestampCursorRoundTripsToTheMicrosecond() throws {
        let when = Date(timeIntervalSince1970: 1_790_000_000.123456)
        let cursor = Cursor(after: when, id: id)
        let decoded = try Cursor(token: cursor.token)
        #expect(decoded == cursor)
        #expect(decoded.microsecondsSinceEpoch == 1_790_000_000_123_456)
        #expect(decoded.id == id)
    }

    @Test func tokensAreURLSafe() {
        let token = Cursor(after: Date(), id: id).token
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test(arguments: ["", "garbage!", "AAAA", "not-base64-at-all-" + String(repeating: "x", count: 80)])
    func refusesGarbageNamingTheParameter(_ token: String) throws {
        do {
            _ = try Cursor(token: token)
            Issue.record("garbage accepted")
        } catch {
            #expect(error.status == .badRequest)
            #expect(error.errors.map(\.field) == ["cursor"])
        }
    }

    @Test func refusesATamperedVersionOrLength() throws {
        var bytes = try #require(Base64URL.decode(Cursor(after: id).token))
        bytes[0] = 2
        #expect(throws: ProblemError.self) { try Cursor(token: Base64URL.encode(bytes)) }
        bytes[0] = 1
        bytes.removeLast()
        #expect(throws: ProblemError.self) { try Cursor(token: Base64URL.encode(bytes)) }
        bytes[1] = 1   // claims a timestamp it does not carry
        #expect(throws: ProblemError.self) { try Cursor(token: Base64URL.encode(bytes + [0])) }
    }
}

@Suite struct PageRequestTests {
    @Test func defaultsToFiftyFromTheStart() throws {
        let page = try PageRequest(query: [:])
        #expect(page.limit == 50)
        #expect(page.cursor == nil)
        #expect(page.fetchLimit == 51)
    }

    @Test(arguments: ["1", "200", "75"])
    func acceptsLimitsInRange(_ text: String) throws {
        #expect(try PageRequest(query: ["limit": text]).limit == Int(text))
    }

    @Test(arguments: ["0", "201", "-1", "+5", "abc", "", "1e2", "0050"])
    func refusesOtherLimitsNamingLimit(_ text: String) {
        do {
            _ = try PageRequest(query: ["limit": text])
            Issue.record("limit \(text) accepted")
        } catch {
            #expect(error.status == .badRequest)
            #expect(error.errors.map(\.field) == ["limit"])
        }
    }

    @Test func namesBothBadParametersAtOnce() {
        do {
            _ = try PageRequest(query: ["limit": "999", "cursor": "bad"])
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["limit", "cursor"])
        }
    }

    @Test func pageTrimsTheExtraRowAndPointsAfterTheLastItem() throws {
        let request = PageRequest(limit: 2)
        let ids = (1...3).map(SampleAPI.sequentialID)
        let page = request.page(of: ids) { Cursor(after: $0) }
        #expect(page.data == Array(ids.prefix(2)))
        let next = try Cursor(token: try #require(page.nextCursor))
        #expect(next.id == ids[1])
        let last = request.page(of: Array(ids.prefix(2))) { Cursor(after: $0) }
        #expect(last.nextCursor == nil)
    }

    @Test func envelopeSpellsOutANullNextCursor() throws {
        let body = try jsonObject(try Response.json(Page(data: [1, 2], nextCursor: nil)))
        #expect(Set(body.keys) == ["data", "next_cursor"])
        #expect(body["next_cursor"] is NSNull)
        #expect(body["data"] as? [Int] == [1, 2])
    }
}
