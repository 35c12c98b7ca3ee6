import Foundation
import HTTPClient
import Logging
import Synchronization
import Tenancy
import TestSupport
import Testing
@testable import App

/// `COUNTERPART_LOG_FORMAT=json` (issue 7 §6): one JSON object per line with `ts`, `level`,
/// `logger`, `msg`, `source` and the metadata flattened, so a log shipper indexes request,
/// partner, customer, message and job ids without parsing prose.
@Suite struct JSONLogHandlerTests {
    @Test func aLineWithNestedMetadataIsOneValidJSONObjectWithTheFixedKeys() throws {
        let lines = LineRecorder()
        var logger = Logger(label: "counterpart.test") { JSONLogHandler(label: $0, write: lines.append) }
        logger[metadataKey: "partner_id"] = "3f0c…"
        logger.notice("order \"123\" failed:\n\ttimeout", metadata: [
            "message_id": "m-1",
            "upstream": ["status": "503", "headers": ["Retry-After": "5"]],
            "attempts": ["1", "2"],
            "msg": "a metadata key that repeats a fixed one",
        ])
        let recorded = lines.all
        #expect(recorded.count == 1)
        let text = try #require(recorded.first)
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1, "one line, newline-terminated")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "notice")
        #expect(object["logger"] as? String == "counterpart.test")
        #expect(object["msg"] as? String == "order \"123\" failed:\n\ttimeout")
        #expect(object["source"] as? String == "AppTests")
        #expect(object["partner_id"] as? String == "3f0c…")
        #expect(object["message_id"] as? String == "m-1")
        let upstream = try #require(object["upstream"] as? [String: Any])
        #expect(upstream["status"] as? String == "503")
        #expect((upstream["headers"] as? [String: Any])?["Retry-After"] as? String == "5")
        #expect(object["attempts"] as? [String] == ["1", "2"])
        #expect(object["metadata.msg"] as? String == "a metadata key that repeats a fixed one")
        let ts = try #require(object["ts"] as? String)
        #expect(ts.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "RFC 3339 in UTC with milliseconds: \(ts)")
    }

    @Test func timestampsAreRFC3339InUTCWithMilliseconds() {
        #expect(RFC3339UTC.milliseconds(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339UTC.milliseconds(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29T00:00:00.500Z")
        #expect(RFC3339UTC.milliseconds(Date(timeIntervalSince1970: 1_795_916_047.25)) == "2026-11-29T01:34:07.250Z")
        #expect(RFC3339UTC.milliseconds(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
    }

    @Test(.timeLimit(.minutes(20))) // a guard against a hang, not a speed test: a full parallel run is slow
    func requestsThroughTheRealServerLogJSONLinesWithTheirRequestPartnerAndCustomerIDsAndNoToken() throws {
        let lines = LineRecorder()
        try withRunningApplication(extra: [:], logHandler: { JSONLogHandler(label: $0, write: lines.append) }) { _, client, base, db in
            let partner = try db.makePartner()
            let customer = try db.owner.query("""
                INSERT INTO customers (partner_id, name, tier_code) VALUES (\(partner.id), 'Shop', 'bronze') RETURNING id
                """).single().decode(UUID.self, at: 0)
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: customer)
            let token = try db.asCaller(viewer) { connection, caller in
                try APITokens.create(name: "ci", scope: .read, expiresAt: nil, by: caller, now: Date(), on: connection)
            }.plaintext

            let refused = try client.send(OutboundRequest(method: .get, url: base + "/api/v1/me",
                                                          headers: ["Authorization": "Bearer cpt_not_a_real_token"]))
            #expect(refused.status == 401)
            let accepted = try client.send(OutboundRequest(method: .get, url: base + "/api/v1/me",
                                                           headers: ["Authorization": "Bearer \(token)"]))
            #expect(accepted.status == 200)

            // A webhook's address is its secret: its access line shows the route's pattern.
            let hookToken = "hook" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            let hook = try client.send(OutboundRequest(method: .post, url: base + "/hooks/\(hookToken)", body: Array("{}".utf8)))
            #expect(hook.status == 404)

            // Access lines are written before the response leaves, so all are here now.
            let recorded = lines.all
            let objects = recorded.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(objects.count == recorded.count, "every line is a JSON object")
            func accessLine(_ response: OutboundResponse) -> [String: Any]? {
                objects.first { $0["request_id"] as? String == response.headers["X-Request-Id"] && $0["logger"] as? String == "counterpart.http" }
            }
            #expect(accessLine(refused)?["status"] as? String == "401", "the access line carries the request id: \(recorded)")
            #expect(accessLine(refused)?["partner_id"] == nil, "nobody was authenticated")
            let line = try #require(accessLine(accepted))
            #expect(line["partner_id"] as? String == partner.id.uuidString.lowercased())
            #expect(line["customer_id"] as? String == customer.uuidString.lowercased())
            #expect(accessLine(hook)?["msg"] as? String == "POST /hooks/:token 404")
            #expect(!recorded.joined().contains(token) && !recorded.joined().contains("cpt_not_a_real_token")
                        && !recorded.joined().contains(hookToken), "no token in any log line")
        }
    }
}

/// Lines written by a `JSONLogHandler`, kept for the test to read.
final class LineRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var append: @Sendable ([UInt8]) -> Void {
        { bytes in self.record(bytes) }
    }

    private func record(_ bytes: [UInt8]) {
        lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
    }

    var all: [String] { lines.withLock { $0 } }
}
