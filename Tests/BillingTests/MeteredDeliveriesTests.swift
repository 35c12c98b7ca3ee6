import Flows
import Foundation
import Monitoring
import Postgres
import Testing
@testable import Billing
import Tenancy
import TestSupport

/// Usage from real messages: Flows records the facts, Monitoring folds them into the day rollups
/// (as the month-end job does first), and the meter counts each production delivery once.
@Suite struct MeteredDeliveriesTests {
    /// A message received at `at` in `environment`, delivered at once (or, with `deliver` false,
    /// dead after one attempt).
    @discardableResult
    static func message(_ db: TenantTestDatabase, _ customer: Customer, environment: UUID, at: Date, retriedFirst: Bool = false,
                        deliver: Bool = true) throws -> UUID {
        try db.database.transaction(.partner(customer.partnerID)) { connection in
            let new = NewMessage(customerID: customer.id, environmentID: environment, flow: .orderToERP, subject: "order",
                                 sourceSystem: "woocommerce", reference: UUID().uuidString, dedupKey: nil,
                                 input: try MessagePayload(json: Array(#"{"n":1}"#.utf8)), externalIDs: [])
            guard case .accepted(let message) = try Messages.receive(new, partnerID: customer.partnerID, at: at, on: connection) else {
                throw MeteringTestError.notAccepted
            }
            if retriedFirst {
                let first = try #require(try Messages.beginAttempt(message.id, partnerID: customer.partnerID, at: at, on: connection))
                try Messages.finishAttempt(message.id, number: first, .retrying(MessageError(.transient, "timeout"), nextAttemptAt: at),
                                           partnerID: customer.partnerID, at: at, on: connection)
            }
            let number = try #require(try Messages.beginAttempt(message.id, partnerID: customer.partnerID, at: at, on: connection))
            let outcome: AttemptOutcome = deliver ? .delivered(output: nil, externalIDs: [])
                                                  : .dead(MessageError(.transient, "Tryton answered 503"))
            try Messages.finishAttempt(message.id, number: number, outcome, partnerID: customer.partnerID, at: at, on: connection)
            return message.id
        }
    }

    @Test func eachProductionDeliveryIsBilledOnceAndAReplayIsANewDelivery() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            let shop = try db.makeCustomer("Shop", tier: "bronze", by: admin, created: midnight("2026-02-01"))
            let environments = try db.asCaller(admin) { connection, _ in
                try Environments.list(customer: shop.id, for: admin, on: connection)
            }
            let production = try #require(environments.first { $0.kind == .production }).id
            let sandbox = try #require(environments.first { $0.kind == .sandbox }).id
            let delivered = try Self.message(db, shop, environment: production, at: noon("2026-03-02"))
            try Self.message(db, shop, environment: production, at: noon("2026-03-03"), retriedFirst: true)
            try Self.message(db, shop, environment: production, at: noon("2026-03-04"), deliver: false)
            try Self.message(db, shop, environment: sandbox, at: noon("2026-03-04"))
            // The last minute of March is March's.
            try Self.message(db, shop, environment: production, at: midnight("2026-04-01").addingTimeInterval(-30))
            let replay = try db.asCaller(admin) { connection, caller in
                try Messages.replay(delivered, input: try MessagePayload(json: Array(#"{"n":2}"#.utf8)), by: caller,
                                    at: noon("2026-03-05"), on: connection)
            }
            let number = try db.database.transaction(.partner(shop.partnerID)) { connection in
                try #require(try Messages.beginAttempt(replay.id, partnerID: shop.partnerID, at: noon("2026-03-05"), on: connection))
            }
            _ = try db.database.transaction(.partner(shop.partnerID)) { connection in
                try Messages.finishAttempt(replay.id, number: number, .delivered(output: nil, externalIDs: []),
                                           partnerID: shop.partnerID, at: noon("2026-03-05"), on: connection)
            }

            try MessageRollups.foldAll(pool: db.database.pool) { try $0.enter(.system) }
            try db.closeMonths(before: noon("2026-04-02"))
            let march = try db.asCaller(admin) { connection, _ in try Invoices.list(month("2026-03"), for: admin, on: connection) }
            // Delivered on the 2nd, retried then delivered on the 3rd, the replay, the 31st at 23:59:30:
            // four; the dead one and the sandbox one are not billed.
            #expect(march.map(\.usage) == [4])
        }
    }
}

enum MeteringTestError: Error { case notAccepted }
