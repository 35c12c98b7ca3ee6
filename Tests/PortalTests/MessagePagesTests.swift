import Flows
import Foundation
import HTTPClient
import Portal
import Postgres
import Tenancy
import Testing
import TestSupport

/// Issue 6 §6 in the portal: the operators' message list, a message's story and the actions
/// on it, through real HTTP and real PostgreSQL.
@Suite struct MessagePagesTests {
    @Test func theListFindsAMessageByItsIdInAnotherSystemNewestFirst() throws {
        try PortalHarness.with { portal in
            let (operatorBrowser, partner, _) = try portal.signedIn(.partnerOperator)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            _ = try portal.order("1001", wooID: "wc-555", for: customer, in: partner, failing: .dead, at: 0)
            _ = try portal.order("1002", wooID: "wc-556", for: customer, in: partner, at: 60)

            let all = try operatorBrowser.get("/messages").text
            let newer = try #require(all.range(of: ">1002<")), older = try #require(all.range(of: ">1001<"))
            #expect(newer.lowerBound < older.lowerBound, "newest first")
            #expect(all.contains("Corner Shop") && all.contains(#"badge--danger" data-testid="status">Dead"#))

            let found = try operatorBrowser.get("/messages?reference=wc-555").text
            #expect(found.contains(">1001<") && !found.contains(">1002<"))
            let perCustomer = try operatorBrowser.get("/customers/\(customer.id.uuidString.lowercased())/messages?reference=1002").text
            #expect(perCustomer.contains(">1002<") && !perCustomer.contains(">1001<"))

            let timeline = try operatorBrowser.get("/timeline?reference=wc-555").text
            #expect(timeline.contains(#"data-testid="timeline""#) && timeline.contains("<strong>Orders to ERP</strong>: order 1001</a>"))
            #expect(!timeline.contains("order 1002"))
            #expect(try operatorBrowser.get("/messages?since=yesterday").text.contains(#"id="field-since-error""#))
        }
    }

    @Test func aViewerSeesOnlyTheirCustomersMessagesAndNoActionForms() throws {
        try PortalHarness.with { portal in
            let (_, partner, _) = try portal.signedIn(.partnerAdmin)
            let mine = try portal.makeCustomer("Mine", in: partner)
            let theirs = try portal.makeCustomer("Theirs", in: partner)
            let own = try portal.order("2001", wooID: "wc-1", for: mine, in: partner, failing: .exception, at: 0)
            let other = try portal.order("2002", wooID: "wc-2", for: theirs, in: partner, failing: .exception, at: 0)
            let (viewer, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: mine.id)

            let list = try viewer.get("/messages").text
            #expect(list.contains(">2001<") && !list.contains(">2002<"))
            #expect(!list.contains("Retry selected") && !list.contains(#"name="id""#))
            let story = try viewer.get("/messages/\(own.id.uuidString.lowercased())")
            #expect(story.status == 200 && story.text.contains("2001"))
            #expect(!story.text.contains("Edit and replay") && !story.text.contains("/resolve"))
            #expect(try viewer.get("/messages/\(other.id.uuidString.lowercased())").status == 404)
            #expect(try viewer.get("/customers/\(theirs.id.uuidString.lowercased())/messages").status == 404)
            #expect(try viewer.get("/timeline?reference=wc-2").text.contains("No message carries this reference"))
            let refused = try portal.submit(viewer, from: "/messages", to: "/messages/retry", [("scope", "matching")])
            #expect(refused.status == 403)
            #expect(try portal.db.count("SELECT count(*) FROM messages WHERE status = 'exception'") == 2)
        }
    }

    @Test func retrySelectedMovesTheTickedRowsAndEnqueuesTheirJobs() throws {
        try PortalHarness.with { portal in
            let (operatorBrowser, partner, _) = try portal.signedIn(.partnerOperator)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let first = try portal.order("3001", wooID: "wc-31", for: customer, in: partner, failing: .dead, at: 0)
            let second = try portal.order("3002", wooID: "wc-32", for: customer, in: partner, failing: .exception, at: 1)
            _ = try portal.order("3003", wooID: "wc-33", for: customer, in: partner, failing: .dead, at: 2)

            let retried = try portal.submit(operatorBrowser, from: "/messages", to: "/messages/retry", [
                ("scope", "selected"), ("id", first.id.uuidString), ("id", second.id.uuidString),
            ])
            #expect(retried.status == 303)
            let location = try #require(retried.headers["Location"])
            #expect(location == "/messages?retried=2")
            #expect(try operatorBrowser.get(location).text.contains("2 messages were put back in line."))
            #expect(try portal.db.count("SELECT count(*) FROM messages WHERE status = 'retrying'") == 2)
            #expect(try portal.db.count("SELECT count(*) FROM jobs WHERE kind = 'flow.message'") == 2)
            #expect(try operatorBrowser.get("/messages?status=retrying").text.contains(">3002<"))

            // "Retry all matching" acts on the list's filter only.
            let matching = try portal.submit(operatorBrowser, from: "/messages?reference=wc-33",
                                             to: "/messages/retry?reference=wc-33", [("scope", "matching")])
            #expect(matching.headers["Location"] == "/messages?reference=wc-33&retried=1")
            #expect(try portal.db.count("SELECT count(*) FROM messages WHERE status = 'retrying'") == 3)
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE action = 'message.retry'") == 3)
        }
    }

    @Test func replayWithInvalidJSONShowsTheFormAgainAndStoresNothing() throws {
        try PortalHarness.with { portal in
            let (operatorBrowser, partner, _) = try portal.signedIn(.partnerOperator)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let dead = try portal.order("4001", wooID: "wc-41", for: customer, in: partner, failing: .dead, at: 0)
            let page = "/messages/\(dead.id.uuidString.lowercased())"
            let story = try operatorBrowser.get(page).text
            #expect(story.contains("Edit and replay") && story.contains("&quot;4001&quot;"))
            #expect(story.contains("SKU X-1 is unknown"))

            let refused = try portal.submit(operatorBrowser, from: page, to: page + "/replay", [("input", #"{"number": <b>"#)])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"id="field-input-error""#) && refused.text.contains("The payload is not JSON."))
            #expect(refused.text.contains("{&quot;number&quot;: &lt;b&gt;"), "what was typed comes back, escaped")
            #expect(try portal.db.count("SELECT count(*) FROM messages") == 1)
            #expect(try portal.db.count("SELECT count(*) FROM jobs") == 0)

            portal.clock.advance(by: 60)
            let replayed = try portal.submit(operatorBrowser, from: page, to: page + "/replay", [("input", #"{"number":"4001","sku":"X-2"}"#)])
            #expect(replayed.status == 303)
            let replayPage = try #require(replayed.headers["Location"]).components(separatedBy: "?")[0]
            #expect(try operatorBrowser.get(replayPage).text.contains(#"data-testid="replay-of""#))
            #expect(try operatorBrowser.get(page).text.contains(#"data-testid="replayed-as""#))
            #expect(try portal.db.count("SELECT count(*) FROM messages") == 2)
            #expect(try portal.db.count("SELECT count(*) FROM jobs WHERE kind = 'flow.message'") == 1)

            // The timeline tells the story oldest first: the dead original, then its replay.
            let timeline = try operatorBrowser.get("/timeline?reference=4001").text
            let original = try #require(timeline.range(of: #"href="\#(page)""#))
            let replay = try #require(timeline.range(of: #"href="\#(replayPage)""#))
            #expect(original.lowerBound < replay.lowerBound)
            #expect(timeline.contains("Replay of"))
        }
    }

    @Test func resolvingRequiresACommentAndRecordsIt() throws {
        try PortalHarness.with { portal in
            let (operatorBrowser, partner, _) = try portal.signedIn(.partnerOperator)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let exception = try portal.order("5001", wooID: "wc-51", for: customer, in: partner, failing: .exception, at: 0)
            let page = "/messages/\(exception.id.uuidString.lowercased())"

            let refused = try portal.submit(operatorBrowser, from: page, to: page + "/resolve", [("resolution", "ignored"), ("comment", "   ")])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"id="field-comment-error""#))
            #expect(try portal.db.count("SELECT count(*) FROM messages WHERE resolution IS NOT NULL") == 0)

            let resolved = try portal.submit(operatorBrowser, from: page, to: page + "/resolve",
                                             [("resolution", "ignored"), ("comment", "Test order <b>from</b> QA")])
            #expect(resolved.status == 303)
            let shown = try operatorBrowser.get(page).text
            #expect(shown.contains("Ignored: Test order &lt;b&gt;from&lt;/b&gt; QA"))
            #expect(!shown.contains("Record decision"), "a decided message offers no second decision")
            #expect(try portal.db.count("SELECT count(*) FROM messages WHERE resolution = 'ignored'") == 1)
        }
    }

    @Test func everyPostFormOnTheMessagePagesCarriesTheSessionsToken() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let dead = try portal.order("7001", wooID: "wc-71", for: customer, in: partner, failing: .dead, at: 0)
            let customerPath = "/customers/\(customer.id.uuidString.lowercased())"
            for path in ["/messages", customerPath + "/messages", "/messages/\(dead.id.uuidString.lowercased())",
                         "/timeline?reference=wc-71", customerPath + "/flows"] {
                let page = try admin.get(path).text
                let token = try #require(Browser.hiddenField("_csrf", in: page), "\(path)")
                let forms = page.components(separatedBy: "<form").count - 1
                let tokens = page.components(separatedBy: #"<input type="hidden" name="_csrf" value="\#(token)">"#).count - 1
                let gets = page.components(separatedBy: #"method="get""#).count - 1
                #expect(forms == tokens + gets, "\(path): every POST form has the token")
                #expect(page.contains(#"action="/timeline""#), "\(path): the header offers the reference search")
                #expect(!page.contains("style="), "\(path)")
            }
        }
    }

    @Test func aLargePayloadIsShownCutWithALinkToTheWholeJSON() throws {
        try PortalHarness.with { portal in
            let (operatorBrowser, partner, _) = try portal.signedIn(.partnerOperator)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let large = try portal.order("6001", wooID: "wc-61", for: customer, in: partner, at: 0, padding: 200_000)
            let page = "/messages/\(large.id.uuidString.lowercased())"
            let story = try operatorBrowser.get(page).text
            #expect(story.contains("Showing the first 16 KB of 196 KB."))
            let whole = try operatorBrowser.get(page + "/input.json")
            #expect(whole.status == 200 && whole.headers["Content-Type"] == "application/json; charset=utf-8")
            #expect(whole.body.count > 200_000)
        }
    }
}

/// Messages made the way the flows make them: received through the store, then an attempt
/// that ends as the test needs.
extension PortalHarness {
    func order(_ number: String, wooID: String, for customer: Customer, in partner: Partner,
               failing outcome: Message.Status? = nil, at offset: TimeInterval, padding: Int = 0) throws -> Message {
        let at = TenantTestDatabase.start.addingTimeInterval(offset)
        return try db.database.transaction(.partner(partner.id)) { connection in
            let production = try Environments.list(customer: customer.id, for: db.principal(.partnerAdmin, partner: partner.id),
                                                   on: connection).first { $0.kind == .production }
            let input = #"{"number":"\#(number)","note":"\#(String(repeating: "x", count: padding))"}"#
            let message = try Messages.receive(NewMessage(
                customerID: customer.id, environmentID: try #require(production).id, flow: .orderToERP, subject: "order",
                sourceSystem: "woocommerce", reference: number, input: try MessagePayload(json: Array(input.utf8)),
                externalIDs: [MessageExternalID(system: "woocommerce", id: wooID)]), partnerID: partner.id, at: at, on: connection).message
            guard let outcome else { return message }
            let number = try #require(try Messages.beginAttempt(message.id, partnerID: partner.id, at: at + 1, on: connection))
            let error = MessageError(.business, "SKU X-1 is unknown in the ERP", upstreamStatus: 200)
            let finished = try Messages.finishAttempt(message.id, number: number, outcome == .dead ? .dead(error) : .exception(error),
                                                      partnerID: partner.id, at: at + 2, on: connection)
            return try #require(finished)
        }
    }
}
