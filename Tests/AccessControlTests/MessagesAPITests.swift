import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 6 §6 and §8 over HTTP: the operators' message list and its filters, a message's story,
/// recovery one at a time and in bulk, and "where is order 123?" — with customer viewers held
/// to their own customer's messages.
@Suite struct MessagesAPITests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// What a fixture message is.
    struct Fixture {
        var customer: UUID
        var flow = "order-to-erp"
        var status = "dead"
        var system = "woocommerce"
        var reference: String? = "1001"
        var receivedAt = MessagesAPITests.t0
        var input = #"{"number":"1001"}"#
        var ids: [(String, String)] = []
    }

    /// Stores a message (with an attempt and its ids) as the owner, in the customer's production.
    static func insert(_ fixture: Fixture, in world: APIWorld) throws -> UUID {
        let finished = ["delivered", "exception", "dead", "skipped"].contains(fixture.status) ? fixture.receivedAt + 2 : nil
        let errorClass: String? = ["exception", "dead", "retrying"].contains(fixture.status) ? "business" : nil
        let id = try world.db.owner.query("""
            INSERT INTO messages (partner_id, customer_id, environment_id, environment_kind, flow, subject, status, source_system,
                                  reference, input, input_bytes, attempts, error_class, error_text, received_at, first_attempt_at,
                                  finished_at)
            SELECT partner_id, customer_id, id, kind, \(fixture.flow), 'order', \(fixture.status), \(fixture.system),
                   \(fixture.reference), \(fixture.input)::jsonb, \(fixture.input.utf8.count), 1, \(errorClass),
                   \(errorClass.map { _ in "SKU MUG-01 is unknown to the ERP" }), \(fixture.receivedAt), \(fixture.receivedAt + 1),
                   \(finished)
            FROM environments WHERE customer_id = \(fixture.customer) AND kind = 'production' RETURNING id
            """).single().decode(UUID.self, at: 0)
        _ = try world.db.owner.execute("""
            INSERT INTO message_attempts (partner_id, message_id, number, customer_id, started_at, finished_at, outcome, error_class,
                                          error_text, upstream_status)
            SELECT partner_id, id, 1, customer_id, \(fixture.receivedAt + 1), \(finished), \(fixture.status), \(errorClass),
                   \(errorClass.map { _ in "SKU MUG-01 is unknown to the ERP" }), \(errorClass.map { _ in 422 })
            FROM messages WHERE id = \(id)
            """)
        for (system, externalID) in fixture.ids {
            _ = try world.db.owner.execute("""
                INSERT INTO message_ids (partner_id, message_id, customer_id, system, external_id)
                SELECT partner_id, id, customer_id, \(system), \(externalID) FROM messages WHERE id = \(id)
                """)
        }
        return id
    }

    static func ids(_ response: Response) -> Set<String> {
        Set((response.object["data"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String)?.lowercased() })
    }

    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }

    @Test func theListFiltersByStatusFlowSystemTimeAndAnySystemsID() throws {
        try APIWorld.with { world in
            let admin = world.acmeAdmin.token
            let order = try Self.insert(Fixture(customer: world.a1.id, ids: [("woocommerce", "555"), ("tryton-erp", "SO-77")]),
                                        in: world)
            let stock = try Self.insert(Fixture(customer: world.a1.id, flow: "inventory-sync", status: "delivered",
                                                system: "tryton-erp", reference: "MUG-01", receivedAt: Self.t0 + 60), in: world)
            let later = try Self.insert(Fixture(customer: world.a2.id, status: "exception", reference: "1002",
                                                receivedAt: Self.t0 + 3600), in: world)

            #expect(Self.ids(world.call(.get, "/messages?status=dead,exception", token: admin)) == [Self.text(order), Self.text(later)])
            #expect(Self.ids(world.call(.get, "/messages?flow=inventory-sync", token: admin)) == [Self.text(stock)])
            #expect(Self.ids(world.call(.get, "/messages?system=tryton-erp", token: admin)) == [Self.text(stock)])
            #expect(Self.ids(world.call(.get, "/messages?customer_id=\(world.a2.id)", token: admin)) == [Self.text(later)])
            // t0 is 2026-11-18T11:06:40Z; the exception came an hour later.
            #expect(Self.ids(world.call(.get, "/messages?received_from=2026-11-18T11:30:00Z", token: admin)) == [Self.text(later)])
            #expect(Self.ids(world.call(.get, "/messages?received_before=2026-11-18T11:30:00Z&status=dead,delivered", token: admin))
                == [Self.text(order), Self.text(stock)])
            // "Where is order SO-77?": the ERP's id finds the web order's message.
            #expect(Self.ids(world.call(.get, "/messages?reference=SO-77", token: admin)) == [Self.text(order)])
            #expect(Self.ids(world.call(.get, "/customers/\(world.a1.id)/messages?reference=1002", token: admin)).isEmpty)

            let badStatus = world.call(.get, "/messages?status=dead,lost", token: admin)
            #expect(badStatus.status == .badRequest)
            #expect(badStatus.text.contains(#""field":"status""#), "\(badStatus.text)")
            let badTime = world.call(.get, "/messages?received_from=yesterday", token: admin)
            #expect(badTime.status == .badRequest)
            #expect(badTime.text.contains(#""field":"received_from""#), "\(badTime.text)")
            #expect(world.call(.get, "/messages?system=woo%00commerce", token: admin).status == .badRequest)
            #expect(world.call(.get, "/customers/\(world.a1.id)/messages?customer_id=\(world.a2.id)", token: admin).status
                == .badRequest)

            // Newest first, one per page, every message once.
            let first = world.call(.get, "/messages?limit=2", token: admin)
            #expect(Self.ids(first) == [Self.text(later), Self.text(stock)])
            let cursor = try #require(first.object["next_cursor"] as? String)
            let second = world.call(.get, "/messages?limit=2&cursor=\(cursor)", token: admin)
            #expect(Self.ids(second) == [Self.text(order)])
            #expect(second.object["next_cursor"] is NSNull)
        }
    }

    @Test func aCustomerViewerSeesOnlyTheirMessagesAndCannotRetry() throws {
        try APIWorld.with { world in
            let viewer = world.acmeViewer.token
            let theirs = try Self.insert(Fixture(customer: world.a1.id), in: world)
            let other = try Self.insert(Fixture(customer: world.a2.id), in: world)
            #expect(Self.ids(world.call(.get, "/messages", token: viewer)) == [Self.text(theirs)])
            #expect(Self.ids(world.call(.get, "/messages?customer_id=\(world.a2.id)", token: viewer)).isEmpty)
            #expect(world.call(.get, "/messages/\(theirs)", token: viewer).status == .ok)
            #expect(world.call(.get, "/messages/\(other)", token: viewer).status == .notFound)
            #expect(world.call(.get, "/customers/\(world.a2.id)/messages", token: viewer).status == .notFound)
            #expect(world.call(.get, "/customers/\(world.a2.id)/timeline?reference=1001", token: viewer).status == .notFound)

            let refused = world.call(.post, "/messages/\(theirs)/retry", token: viewer)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("messages:write"))
            #expect(try world.count("SELECT count(*) FROM jobs") == 0)
            #expect(try world.count("SELECT count(*) FROM messages WHERE status = 'dead'") == 2)
        }
    }

    @Test func bulkRetryByFilterPutsEachMatchingMessageBackInLineWithAJob() throws {
        try APIWorld.with { world in
            var dead: Set<String> = []
            for number in 1...3 {
                dead.insert(Self.text(try Self.insert(Fixture(customer: world.a1.id, reference: "70\(number)"), in: world)))
            }
            _ = try Self.insert(Fixture(customer: world.a1.id, status: "delivered", reference: "704"), in: world)
            _ = try Self.insert(Fixture(customer: world.a2.id, reference: "705"), in: world)
            let resolvedAlready = try Self.insert(Fixture(customer: world.a1.id, reference: "706"), in: world)
            _ = try world.db.owner.execute("UPDATE messages SET resolution = 'ignored', resolution_comment = 'test order', resolved_at = now() WHERE id = \(resolvedAlready)")

            let response = world.call(.post, "/messages/retry", token: world.acmeOperator.token, json: """
                {"filter":{"customer_id":"\(world.a1.id)","flow":"order-to-erp"}}
                """)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.object["retried"] as? Int == 3)
            #expect(Set((response.object["ids"] as? [String] ?? []).map { $0.lowercased() }) == dead)
            #expect(response.object["more"] as? Bool == false)
            #expect(try world.count("SELECT count(*) FROM jobs WHERE kind = 'flow.message'") == 3)
            #expect(try world.count("SELECT count(*) FROM messages WHERE status = 'retrying'") == 3)
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'message.retry'") == 3)
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'message.bulk_retry'") == 1)

            let byIDs = world.call(.post, "/messages/retry", token: world.acmeOperator.token, json: """
                {"ids":["\(resolvedAlready)"]}
                """)
            #expect(byIDs.object["retried"] as? Int == 1, "\(byIDs.text)")

            let neither = world.call(.post, "/messages/retry", token: world.acmeOperator.token, json: "{}")
            #expect(neither.status == .unprocessableContent)
            let wrongStatus = world.call(.post, "/messages/retry", token: world.acmeOperator.token, json: """
                {"filter":{"status":"delivered"}}
                """)
            #expect(wrongStatus.status == .unprocessableContent)
            #expect(wrongStatus.text.contains("/filter/status"), "\(wrongStatus.text)")
        }
    }

    @Test func replayKeepsTheOriginalAndIsAudited() throws {
        try APIWorld.with { world in
            let original = try Self.insert(Fixture(customer: world.a1.id, input: #"{"number":"1001","sku":"MUG-1"}"#), in: world)
            let replayed = world.call(.post, "/messages/\(original)/replay", token: world.acmeAdmin.token, json: """
                {"input":{"number":"1001","sku":"MUG-01","total":17.50}}
                """)
            #expect(replayed.status == .created, "\(replayed.text)")
            #expect((replayed.object["replay_of"] as? String)?.lowercased() == Self.text(original))
            let replayID = try #require(replayed.object["id"] as? String)

            let kept = world.call(.get, "/messages/\(original)/input", token: world.acmeAdmin.token)
            #expect(kept.object["sku"] as? String == "MUG-1", "\(kept.text)")
            let edited = world.call(.get, "/messages/\(replayID)/input", token: world.acmeAdmin.token)
            #expect(edited.object["sku"] as? String == "MUG-01")
            #expect(edited.text.contains("17.5"))
            let story = world.call(.get, "/messages/\(original)", token: world.acmeAdmin.token).object
            #expect((story["message"] as? [String: Any])?["resolution"] as? String == "resolved")
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'message.replay'") == 1)
            #expect(try world.count("SELECT count(*) FROM jobs WHERE kind = 'flow.message'") == 1)

            let notAnObject = world.call(.post, "/messages/\(original)/replay", token: world.acmeAdmin.token, json: #"{"input":[1]}"#)
            #expect(notAnObject.status == .unprocessableContent)
            #expect(notAnObject.text.contains("/input"))
        }
    }

    @Test func bulkReplayReplaysEachMatchingMessageWithItsOwnPayload() throws {
        try APIWorld.with { world in
            let first = try Self.insert(Fixture(customer: world.a1.id, system: "tryton-pos", input: #"{"n":1}"#), in: world)
            let second = try Self.insert(Fixture(customer: world.a1.id, system: "tryton-pos", input: #"{"n":2}"#), in: world)
            _ = try Self.insert(Fixture(customer: world.a1.id, input: #"{"n":3}"#), in: world)
            let response = world.call(.post, "/messages/replay", token: world.acmeAdmin.token, json: """
                {"filter":{"system":"tryton-pos","status":"dead"}}
                """)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.object["replayed"] as? Int == 2)
            let originals = Set((response.object["messages"] as? [[String: Any]] ?? []).compactMap { ($0["original_id"] as? String)?.lowercased() })
            #expect(originals == [Self.text(first), Self.text(second)])
            #expect(try world.count("SELECT count(*) FROM messages WHERE replay_of IS NOT NULL AND input = '{\"n\":1}'::jsonb") == 1)
            // The originals are resolved by their replays: a second sweep finds nothing.
            let again = world.call(.post, "/messages/replay", token: world.acmeAdmin.token, json: """
                {"filter":{"system":"tryton-pos"}}
                """)
            #expect(again.object["replayed"] as? Int == 0)
        }
    }

    @Test func resolvingTwiceIsAConflict() throws {
        try APIWorld.with { world in
            let id = try Self.insert(Fixture(customer: world.a1.id, status: "exception"), in: world)
            let body = #"{"resolution":"resolved","comment":"SKU created in the ERP; order entered by hand"}"#
            let first = world.call(.post, "/messages/\(id)/resolve", token: world.acmeOperator.token, json: body)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.object["resolution"] as? String == "resolved")
            #expect(first.object["needs_attention"] as? Bool == false)
            let second = world.call(.post, "/messages/\(id)/resolve", token: world.acmeOperator.token, json: body)
            #expect(second.status == .conflict)
            #expect(second.text.contains("already resolved"), "\(second.text)")
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'message.resolved'") == 1)

            let badResolution = world.call(.post, "/messages/\(id)/resolve", token: world.acmeOperator.token,
                                           json: #"{"resolution":"fixed","comment":""}"#)
            #expect(badResolution.status == .unprocessableContent)
            #expect(badResolution.text.contains("/resolution") && badResolution.text.contains("/comment"))
            let delivered = try Self.insert(Fixture(customer: world.a1.id, status: "delivered"), in: world)
            #expect(world.call(.post, "/messages/\(delivered)/retry", token: world.acmeOperator.token).status == .conflict)
        }
    }

    @Test func theStoryShowsAttemptsIdsAndAPayloadCutForDisplayWhileTheInputIsWhole() throws {
        try APIWorld.with { world in
            let note = String(repeating: "x", count: 20_000)
            let id = try Self.insert(Fixture(customer: world.a1.id, input: #"{"number":"1001","note":"\#(note)"}"#,
                                             ids: [("woocommerce", "555")]), in: world)
            let story = world.call(.get, "/messages/\(id)", token: world.acmeAdmin.token)
            #expect(story.status == .ok)
            let input = try #require(story.object["input"] as? [String: Any])
            #expect(input["truncated"] as? Bool == true)
            #expect((input["bytes"] as? Int ?? 0) > 20_000)
            #expect((input["text"] as? String ?? "").contains("more bytes, kept whole"))
            let attempt = try #require((story.object["attempts"] as? [[String: Any]])?.first)
            #expect((attempt["error"] as? [String: Any])?["upstream_status"] as? Int == 422)
            #expect((story.object["external_ids"] as? [[String: Any]])?.first?["id"] as? String == "555")
            let whole = world.call(.get, "/messages/\(id)/input", token: world.acmeAdmin.token)
            #expect((whole.object["note"] as? String)?.count == 20_000)
        }
    }

    @Test func aTimelineShowsOneOrderAcrossFlowsOldestFirst() throws {
        try APIWorld.with { world in
            let order = try Self.insert(Fixture(customer: world.a1.id, status: "delivered", reference: "123",
                                                ids: [("woocommerce", "123"), ("tryton-erp", "SO-9")]), in: world)
            let shipment = try Self.insert(Fixture(customer: world.a1.id, flow: "fulfillment-status", status: "delivered",
                                                   system: "tryton-erp", reference: "SHIP-4", receivedAt: Self.t0 + 7200,
                                                   ids: [("woocommerce", "123")]), in: world)
            _ = try Self.insert(Fixture(customer: world.a2.id, reference: "123"), in: world)
            _ = try Self.insert(Fixture(customer: world.a1.id, reference: "124"), in: world)
            for token in [world.acmeAdmin.token, world.acmeViewer.token] {
                let timeline = world.call(.get, "/customers/\(world.a1.id)/timeline?reference=123", token: token)
                #expect(timeline.status == .ok, "\(timeline.text)")
                let entries = timeline.object["data"] as? [[String: Any]] ?? []
                #expect(entries.compactMap { ($0["message"] as? [String: Any])?["id"] as? String }.map { $0.lowercased() }
                    == [Self.text(order), Self.text(shipment)])
                #expect(entries.compactMap { $0["flow_name"] as? String } == ["Orders to ERP", "Fulfilment status"])
            }
            #expect(world.call(.get, "/customers/\(world.a1.id)/timeline", token: world.acmeAdmin.token).status == .badRequest)
        }
    }
}
