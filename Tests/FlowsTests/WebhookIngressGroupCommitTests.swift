import Connectors
import Flows
import Foundation
import Logging
import Postgres
import Synchronization
import Testing

/// Issue 6 "Performance": deliveries arriving together are stored in one transaction (one WAL
/// flush for many 202s), and one delivery that cannot be stored does not lose the others.
@Suite struct WebhookIngressGroupCommitTests {
    /// The captured order delivery, re-numbered so that each is a different order and delivery.
    static func order(_ number: String, deliveryID: String) throws -> WebhookDelivery {
        let (headers, body) = try WebhookIngressTests.capturedOrderCreated()
        var order = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        order["number"] = number
        let renumbered = Array(try JSONSerialization.data(withJSONObject: order))
        let ownHeaders = headers.map { $0.name == "X-WC-Webhook-Delivery-ID" ? (name: $0.name, value: deliveryID) : $0 }
        return WebhookIngressTests.signed(ownHeaders, renumbered)
    }

    @Test func concurrentDeliveriesShareACommitAndABadOneDoesNotLoseTheOthers() throws {
        try WebhookIngressTests().withIngress { db, plain, token, _ in
            let committer = try GroupCommitter(pool: db.database.pool, configuration: .init(maximumUnits: 64, committers: 1),
                                               logger: Logger(label: "webhook-ingress-group-commit-tests"))
            defer { committer.close() }
            let ingress = WebhookIngress(database: plain.database, catalog: plain.catalog, secretBox: plain.secretBox,
                                         committer: committer)
            // messages.reference holds at most 200 characters (Migrations/0009): this delivery is
            // signed and parses, and fails only when it is written, inside the shared transaction.
            var deliveries = try (1...6).map { try Self.order("10\($0)", deliveryID: "d\($0)") }
            deliveries.insert(try Self.order(String(repeating: "9", count: 250), deliveryID: "bad"), at: 3)

            // Hold the only committer busy, so the deliveries queue behind it and form one batch.
            let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                _ = try? committer.commit { _ in
                    started.signal()
                    release.wait()
                }
            }
            try #require(started.wait(timeout: .now() + 60) == .success)
            let answers = Mutex<[Int: Result<WebhookIngress.Answer, any Error>]>([:])
            for (index, delivery) in deliveries.enumerated() {
                DispatchQueue.global().async(group: group) {
                    let answer = Result { try ingress.receive(token: token, delivery: delivery) }
                    answers.withLock { $0[index] = answer }
                }
            }
            let queued = committer.waitUntilWaiting(atLeast: deliveries.count, timeout: .seconds(60))
            release.signal()
            try #require(queued)
            try #require(group.wait(timeout: .now() + 60) == .success)

            let all = answers.withLock { $0 }
            #expect(throws: (any Error).self) { try all[3]!.get() }
            let accepted = all.filter { $0.key != 3 }.compactMap { entry -> UUID? in
                if case .accepted(let id)? = try? entry.value.get() { return id }
                return nil
            }
            #expect(accepted.count == 6)
            #expect(try db.owner.query("SELECT count(*) FROM messages").single().decode(Int.self) == 6)
            #expect(try db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'flow.message'").single().decode(Int.self) == 6)
            // Two COMMITs in all: the held unit's, then one for all seven deliveries. (xmin cannot
            // tell: each unit writes under its savepoint's own subtransaction id.)
            let statistics = committer.statistics
            #expect(statistics.commits == 2 && statistics.units == deliveries.count + 1)
        }
    }
}
