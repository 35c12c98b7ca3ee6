import Connectors
import Flows
import Foundation
import Monitoring
import Postgres
import Tenancy
import Testing
import TestSupport

/// A partner with a customer and its production environment, and the worker's moves on
/// messages at injected times — the facts the measurements are folded from.
struct MonitoringWorld {
    let db: TenantTestDatabase
    let admin: Principal
    let customerID: UUID
    let environmentID: UUID
    var partnerID: UUID { admin.partnerID }

    static func with(_ body: (MonitoringWorld) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            try body(try MonitoringWorld(db: db))
        }
    }

    init(db: TenantTestDatabase) throws {
        let partner = try db.makePartner()
        try self.init(db: db, admin: try db.makeUser(.partnerAdmin, partner: partner.id))
    }

    /// Another customer of `other`'s partner.
    init(db: TenantTestDatabase, sameCustomerPartner other: MonitoringWorld) throws {
        try self.init(db: db, admin: other.admin)
    }

    private init(db: TenantTestDatabase, admin: Principal) throws {
        let (customerID, environmentID) = try db.asCaller(admin) { (connection, caller) throws -> (UUID, UUID) in
            let customer = try Customers.create(NewCustomer(name: "Shop " + UUID().uuidString.prefix(8)), by: caller, on: connection)
            let production = try #require(try Environments.list(customer: customer.id, for: admin, on: connection)
                .first { $0.kind == .production })
            return (customer.id, production.id)
        }
        self.db = db
        self.admin = admin
        self.customerID = customerID
        self.environmentID = environmentID
    }

    /// How a message's one attempt ends.
    enum Ending {
        case delivered, failedThenDelivered, exception, dead, waiting
    }

    /// A message of `flow` received at `receivedAt` whose attempt ends `latency` later as `ending`.
    @discardableResult
    func message(_ flow: FlowKind = .orderToERP, receivedAt: Date, latency: TimeInterval = 0, ending: Ending) throws -> UUID {
        try db.database.transaction(.partner(partnerID)) { connection in
            let new = NewMessage(customerID: customerID, environmentID: environmentID, flow: flow, subject: "order",
                                 sourceSystem: "woocommerce", reference: UUID().uuidString, dedupKey: nil,
                                 input: try MessagePayload(json: Array(#"{"n":1}"#.utf8)), externalIDs: [])
            guard case .accepted(let message) = try Messages.receive(new, partnerID: partnerID, at: receivedAt, on: connection) else {
                throw MeasurementTestError.notAccepted
            }
            let finishedAt = receivedAt.addingTimeInterval(latency)
            let problem = MessageError(.business, "Unknown SKU 'X-1'")
            switch ending {
            case .waiting:
                break
            case .delivered, .exception, .dead:
                let number = try #require(try Messages.beginAttempt(message.id, partnerID: partnerID, at: receivedAt, on: connection))
                let outcome: AttemptOutcome = switch ending {
                case .exception: .exception(problem)
                case .dead: .dead(MessageError(.transient, "Tryton answered 503"))
                default: .delivered(output: nil, externalIDs: [])
                }
                try Messages.finishAttempt(message.id, number: number, outcome, partnerID: partnerID, at: finishedAt, on: connection)
            case .failedThenDelivered:
                let first = try #require(try Messages.beginAttempt(message.id, partnerID: partnerID, at: receivedAt, on: connection))
                try Messages.finishAttempt(message.id, number: first, .retrying(MessageError(.transient, "timeout"), nextAttemptAt: receivedAt),
                                           partnerID: partnerID, at: receivedAt, on: connection)
                let second = try #require(try Messages.beginAttempt(message.id, partnerID: partnerID, at: receivedAt, on: connection))
                try Messages.finishAttempt(message.id, number: second, .delivered(output: nil, externalIDs: []),
                                           partnerID: partnerID, at: finishedAt, on: connection)
            }
            return message.id
        }
    }

    /// Folds every waiting event, as the workers' rollup job does.
    @discardableResult
    func fold() throws -> Int {
        try MessageRollups.foldAll(pool: db.database.pool) { try $0.enter(.system) }
    }

    var scope: MeasurementScope { MeasurementScope(partnerID: partnerID, customerID: customerID) }
}

enum MeasurementTestError: Error { case notAccepted }

/// 2026-03-01T00:00:00Z: a calendar month of 31 days begins.
let march2026 = ISO8601DateFormatter().date(from: "2026-03-01T00:00:00Z")!

extension Date {
    /// `self` plus whole days, hours, minutes and seconds.
    func plus(days: Double = 0, hours: Double = 0, minutes: Double = 0, seconds: Double = 0) -> Date {
        addingTimeInterval(days * 86_400 + hours * 3600 + minutes * 60 + seconds)
    }
}
