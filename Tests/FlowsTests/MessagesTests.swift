import Connectors
import Flows
import Foundation
import Postgres
import Tenancy
import Testing
import TestSupport

/// Messages in PostgreSQL: intake de-duplication, the life of a message attempt by attempt,
/// and the operators' work on them — all with an injected clock.
@Suite struct MessagesTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    struct Fixture {
        let db: TenantTestDatabase
        let admin: Principal
        let customer: Customer
        let production: Tenancy.Environment
        var partnerID: UUID { admin.partnerID }
    }

    func withCustomer(_ body: (Fixture) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            let production = try db.asCaller(admin) { connection, _ in
                try Environments.list(customer: customer.id, for: admin, on: connection).first { $0.kind == .production }
            }
            try body(Fixture(db: db, admin: admin, customer: customer, production: try #require(production)))
        }
    }

    static func order(_ number: String, dedup: String? = nil, bytes: Int = 0) throws -> NewMessage {
        let padding = String(repeating: "x", count: bytes)
        return NewMessage(customerID: UUID(), environmentID: UUID(), flow: .orderToERP, subject: "order", sourceSystem: "woocommerce",
                          reference: number, dedupKey: dedup,
                          input: try MessagePayload(json: Array(#"{"number":"\#(number)","note":"\#(padding)"}"#.utf8)),
                          externalIDs: [MessageExternalID(system: "woocommerce", id: "wc-\(number)")])
    }

    /// Runs `body` as the worker does: on a transaction scoped to the partner.
    func asWorker<Result>(_ fixture: Fixture, _ body: (PostgresConnection) throws -> Result) throws -> Result {
        try fixture.db.database.transaction(.partner(fixture.partnerID), body)
    }

    func receive(_ fixture: Fixture, _ number: String, dedup: String? = nil, bytes: Int = 0, at: Date = t0) throws -> MessageIntake {
        var new = try Self.order(number, dedup: dedup, bytes: bytes)
        new.customerID = fixture.customer.id
        new.environmentID = fixture.production.id
        return try asWorker(fixture) { try Messages.receive(new, partnerID: fixture.partnerID, at: at, on: $0) }
    }

    @Test func theSameChangeReceivedTwiceIsOneMessage() throws {
        try withCustomer { fixture in
            guard case .accepted(let first) = try receive(fixture, "1001", dedup: "woocommerce:order:1001:2026-11-22T10:00:00") else {
                Issue.record("first delivery not accepted"); return
            }
            let second = try receive(fixture, "1001", dedup: "woocommerce:order:1001:2026-11-22T10:00:00")
            #expect(second == .duplicate(of: first))
            _ = try receive(fixture, "1001", dedup: "woocommerce:order:1001:2026-11-22T10:05:00")
            #expect(try fixture.db.count("SELECT count(*) FROM messages") == 2)
            #expect(first.status == .received && first.environmentKind == .production)
        }
    }

    @Test func aMessageOfAnotherCustomersEnvironmentIsRefused() throws {
        try withCustomer { fixture in
            let other = try fixture.db.asCaller(fixture.admin) { try Customers.create(NewCustomer(name: "Other"), by: $1, on: $0) }
            var new = try Self.order("1")
            new.customerID = other.id
            new.environmentID = fixture.production.id
            #expect(throws: TenancyError.notFound("environment")) {
                try asWorker(fixture) { try Messages.receive(new, partnerID: fixture.partnerID, at: Self.t0, on: $0) }
            }
        }
    }

    @Test func eachAttemptIsRecordedWithItsTimingsUntilDelivery() throws {
        try withCustomer { fixture in
            let message = try receive(fixture, "1002").message
            let first = try asWorker(fixture) { try Messages.beginAttempt(message.id, partnerID: fixture.partnerID, at: Self.t0 + 1, on: $0) }
            #expect(first == 1)
            // A second worker finds nothing to do while the first has it.
            #expect(try asWorker(fixture) { try Messages.beginAttempt(message.id, partnerID: fixture.partnerID, at: Self.t0 + 1, on: $0) } == nil)
            let retrying = try asWorker(fixture) {
                try Messages.finishAttempt(message.id, number: 1, .retrying(MessageError(.transient, "HTTP 503", upstreamStatus: 503),
                                                                            nextAttemptAt: Self.t0 + 31),
                                           partnerID: fixture.partnerID, at: Self.t0 + 2, on: $0)
            }
            #expect(retrying?.status == .retrying && retrying?.nextAttemptAt == Self.t0 + 31 && retrying?.finishedAt == nil)
            let second = try asWorker(fixture) { try Messages.beginAttempt(message.id, partnerID: fixture.partnerID, at: Self.t0 + 31, on: $0) }
            #expect(second == 2)
            // A late finish of the first attempt (a rescued lease) changes nothing.
            #expect(try asWorker(fixture) {
                try Messages.finishAttempt(message.id, number: 1, .delivered(output: nil, externalIDs: []),
                                           partnerID: fixture.partnerID, at: Self.t0 + 32, on: $0)
            } == nil)
            let delivered = try asWorker(fixture) {
                try Messages.finishAttempt(message.id, number: 2,
                                           .delivered(output: try MessagePayload(json: Array(#"{"sale":"SO-7"}"#.utf8)),
                                                      externalIDs: [MessageExternalID(system: "tryton-erp", id: "7")]),
                                           partnerID: fixture.partnerID, at: Self.t0 + 33, on: $0)
            }
            #expect(delivered?.status == .delivered && delivered?.latency == 33 && delivered?.firstAttemptAt == Self.t0 + 1)
            let story = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Messages.story(message.id, for: caller.principal, on: connection)
            }
            #expect(story.attempts.map(\.outcome) == [.retrying, .delivered])
            #expect(story.attempts.first?.error == MessageError(.transient, "HTTP 503", upstreamStatus: 503))
            #expect(story.attempts.map(\.finishedAt) == [Self.t0 + 2, Self.t0 + 33])
            #expect(Set(story.externalIDs) == [MessageExternalID(system: "woocommerce", id: "wc-1002"),
                                               MessageExternalID(system: "tryton-erp", id: "7")])
            #expect(story.message.output?.json == #"{"sale": "SO-7"}"#)
        }
    }

    @Test func aLargePayloadIsKeptWholeAndShownCut() throws {
        try withCustomer { fixture in
            let message = try receive(fixture, "1003", bytes: 100_000).message
            let stored = try fixture.db.owner.query("SELECT input_bytes, length(input::text) FROM messages").single().decode((Int, Int).self)
            #expect(stored.0 > 100_000 && stored.1 > 100_000)
            #expect(message.input.isTruncatedForDisplay)
            #expect(message.input.displayText.hasSuffix("more bytes, kept whole)"))
            #expect(message.input.displayText.utf8.count < 17_000)
        }
    }

    @Test func operatorsFindAnOrderByAnySystemsIdAndViewersOnlyTheirOwn() throws {
        try withCustomer { fixture in
            _ = try receive(fixture, "1004")
            _ = try receive(fixture, "1005")
            let found = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Messages.list(MessageFilter(reference: "wc-1005"), limit: 50, for: caller.principal, on: connection)
            }
            #expect(found.map(\.reference) == ["1005"])
            let received = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Messages.list(MessageFilter(statuses: [.received], flow: .orderToERP), limit: 1, for: caller.principal, on: connection)
            }
            #expect(received.count == 1)
            let next = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Messages.list(MessageFilter(statuses: [.received]), after: received.last, limit: 10, for: caller.principal, on: connection)
            }
            #expect(next.count == 1 && next.first?.id != received.first?.id)

            let other = try fixture.db.asCaller(fixture.admin) { try Customers.create(NewCustomer(name: "Other"), by: $1, on: $0) }
            let otherViewer = try fixture.db.makeUser(.customerViewer, partner: fixture.partnerID, customer: other.id)
            let seen = try fixture.db.asCaller(otherViewer) { connection, caller in
                try Messages.list(MessageFilter(), limit: 50, for: caller.principal, on: connection)
            }
            #expect(seen.isEmpty)
            let stranger = try fixture.db.makeUser(.partnerAdmin, partner: try fixture.db.makePartner().id)
            #expect(throws: TenancyError.notFound("message")) {
                try fixture.db.asCaller(stranger) { connection, caller in
                    try Messages.get(found[0].id, for: caller.principal, on: connection)
                }
            }
        }
    }

    func fail(_ fixture: Fixture, _ id: UUID, _ outcome: AttemptOutcome) throws {
        let number = try asWorker(fixture) { try Messages.beginAttempt(id, partnerID: fixture.partnerID, at: Self.t0, on: $0) }
        _ = try asWorker(fixture) { try Messages.finishAttempt(id, number: try #require(number), outcome, partnerID: fixture.partnerID,
                                                              at: Self.t0 + 1, on: $0) }
    }

    @Test func anExceptionIsResolvedWithACommentOnceAndAudited() throws {
        try withCustomer { fixture in
            let message = try receive(fixture, "1006").message
            try fail(fixture, message.id, .exception(MessageError(.business, "Unknown SKU TEE-9")))
            let resolved = try fixture.db.asCaller(fixture.admin) {
                try Messages.resolve(message.id, as: .ignored, comment: "Test order", by: $1, at: Self.t0 + 60, on: $0)
            }
            #expect(resolved.resolution == .ignored && resolved.resolutionComment == "Test order")
            #expect(throws: TenancyError.self) {
                try fixture.db.asCaller(fixture.admin) {
                    try Messages.resolve(message.id, as: .resolved, comment: "again", by: $1, at: Self.t0 + 61, on: $0)
                }
            }
            let audited = try fixture.db.owner.query("""
                SELECT action, after->>'comment' FROM audit_log WHERE target_type = 'message'
                """).single().decode((String, String).self)
            #expect(audited == ("message.ignored", "Test order"))
            let viewer = try fixture.db.makeUser(.customerViewer, partner: fixture.partnerID, customer: fixture.customer.id)
            #expect(throws: TenancyError.forbidden(.messagesWrite)) {
                try fixture.db.asCaller(viewer) { try Messages.retry([message.id], by: $1, at: Self.t0, on: $0) }
            }
        }
    }

    @Test func bulkRetryPutsOnlyThoseNeedingAttentionBackInLine() throws {
        try withCustomer { fixture in
            let dead = try receive(fixture, "1007").message
            let exception = try receive(fixture, "1008").message
            let delivered = try receive(fixture, "1009").message
            try fail(fixture, dead.id, .dead(MessageError(.permanent, "credentials refused")))
            try fail(fixture, exception.id, .exception(MessageError(.business, "price mismatch")))
            try fail(fixture, delivered.id, .delivered(output: nil, externalIDs: []))
            let retried = try fixture.db.asCaller(fixture.admin) {
                try Messages.retry([dead.id, exception.id, delivered.id], by: $1, at: Self.t0 + 300, on: $0)
            }
            #expect(Set(retried.map(\.id)) == [dead.id, exception.id])
            #expect(retried.allSatisfy { $0.status == .retrying && $0.nextAttemptAt == Self.t0 + 300 })
            // Each retried message has a job to move it; a second click enqueues nothing more.
            _ = try fixture.db.asCaller(fixture.admin) { try Messages.retry([dead.id], by: $1, at: Self.t0 + 301, on: $0) }
            #expect(try fixture.db.count("SELECT count(*) FROM jobs WHERE kind = 'flow.message' AND state = 'available'") == 2)
            #expect(try asWorker(fixture) { try Messages.beginAttempt(dead.id, partnerID: fixture.partnerID, at: Self.t0 + 300, on: $0) } == 2)
        }
    }

    @Test func aReplayWithAnEditedPayloadIsANewMessageAndKeepsTheOriginal() throws {
        try withCustomer { fixture in
            let original = try receive(fixture, "1010").message
            try fail(fixture, original.id, .exception(MessageError(.business, "Unknown SKU TEE-9")))
            let edited = try MessagePayload(json: Array(#"{"number":"1010","note":"SKU corrected"}"#.utf8))
            let replay = try fixture.db.asCaller(fixture.admin) {
                try Messages.replay(original.id, input: edited, by: $1, at: Self.t0 + 600, on: $0)
            }
            #expect(replay.replayOf == original.id && replay.status == .received)
            #expect(replay.input.json.contains("SKU corrected"))
            #expect(try fixture.db.count("""
                SELECT count(*) FROM jobs WHERE kind = 'flow.message' AND (payload->>'message_id')::uuid = \(replay.id)
                """) == 1)
            let kept = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Messages.get(original.id, for: caller.principal, on: connection)
            }
            #expect(kept.input == original.input && kept.status == .exception && kept.resolution == .resolved)
            #expect(try fixture.db.count("SELECT count(*) FROM audit_log WHERE action = 'message.replay'") == 1)
        }
    }
}
