public import Connectors
import Commerce
import Crypto
public import Foundation
import Jobs
public import Postgres
public import Tenancy

/// `POST /hooks/<token>` (issue 6 §2): verifies a delivery with the connector of the
/// connection its token names, stores it as a message and enqueues the message's job in one
/// transaction, and only then answers 202 — 202 means durable. A repeated delivery (the same
/// replay key or delivery id, or the same body) answers 200 and is not processed again.
public struct WebhookIngress: Sendable {
    /// What to answer.
    public enum Answer: Sendable, Equatable {
        /// Stored and queued (202).
        case accepted(messageID: UUID)
        /// Seen before; nothing new was stored (200).
        case duplicate(messageID: UUID)
        /// A ping from the other system when the webhook was saved (200); nothing stored.
        case ping
        /// Refused, with the HTTP status and the reason to show the sender.
        case refused(status: Int, reason: String)
    }

    /// The tenant-aware database.
    public let database: TenantDatabase
    /// The connectors, to verify and parse a delivery.
    public let catalog: ConnectorCatalog
    /// Opens the connection's webhook secret.
    public let secretBox: SecretBox?
    /// Commits many deliveries in one transaction (group commit); nil commits each alone.
    public let committer: GroupCommitter?
    /// The clock.
    public let now: @Sendable () -> Date

    /// Creates the ingress. With a `committer`, deliveries arriving together share one COMMIT
    /// (one WAL flush), each under its own savepoint; without one, each commits alone.
    public init(database: TenantDatabase, catalog: ConnectorCatalog, secretBox: SecretBox?,
                committer: GroupCommitter? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.catalog = catalog
        self.secretBox = secretBox
        self.committer = committer
        self.now = now
    }

    static let lookupSQL = """
        SELECT partner_id, id, customer_id, environment_id, kind, status FROM connection_for_ingress($1)
        """

    /// A verified delivery, ready to be written: what the write transaction needs.
    struct Intake: Sendable {
        let partnerID: UUID
        let message: NewMessage
    }

    /// Handles one delivery to `token`.
    ///
    /// Two steps. Reading the token's connection and verifying the delivery need no durability:
    /// they run on the caller's thread in a read-only transaction, whose COMMIT writes no WAL and
    /// waits for no disk (PostgreSQL docs §30.4: only a transaction that wrote waits for the
    /// flush). Storing the message and its job is the write that must be durable before the 202:
    /// it goes through the group committer, so deliveries arriving together share one flush.
    public func receive(token: String, delivery: WebhookDelivery) throws -> Answer {
        let receivedAt = now()
        let intake: Intake
        switch try verify(token: token, delivery: delivery, receivedAt: receivedAt) {
        case .success(let verified): intake = verified
        case .failure(let answer): return answer.answer
        }
        let store: @Sendable (PostgresConnection) throws -> Answer = { connection in
            // First, every time: a unit shares its transaction with other partners' units, and
            // a scope set by the one before must not stand for this one.
            try connection.enter(.partner(intake.partnerID))
            let stored = try Messages.receive(intake.message, partnerID: intake.partnerID, at: receivedAt, on: connection)
            guard case .accepted(let message) = stored else { return .duplicate(messageID: stored.message.id) }
            try MessageJobs.enqueue(message, now: receivedAt, on: connection)
            return .accepted(messageID: message.id)
        }
        if let committer { return try committer.commit(store) }
        return try database.pool.transaction(store)
    }

    /// An answer given before anything is written (unknown token, paused connection, bad
    /// signature, ping).
    struct EarlyAnswer: Error {
        let answer: Answer
    }

    /// Looks the token up and verifies and parses the delivery with its connection's connector.
    private func verify(token: String, delivery: WebhookDelivery, receivedAt: Date) throws -> Result<Intake, EarlyAnswer> {
        let hash = SHA256.hash(Array(token.utf8))
        // The token is the only credential before the signature: an unknown one is 404 and
        // says nothing of why (no such token, or a suspended partner or customer).
        // One read-only transaction: the token lookup (a security-definer function, before any
        // tenant is known), then the partner's scope for reading the connection and its secret.
        return try database.pool.transaction(readOnly: true) { connection in
            guard let row = try connection.query(PostgresQuery(unsafeSQL: Self.lookupSQL, binds: [hash])).first else {
                return .failure(EarlyAnswer(answer: .refused(status: 404, reason: "No webhook is registered at this address.")))
            }
            let (partnerID, connectionID, customerID, environmentID, kind, status) =
                try row.decode((UUID, UUID, UUID, UUID, String, String).self)
            guard status == Connection.Status.active.rawValue else {
                // 503 makes WooCommerce retry later rather than count a failure towards disabling.
                return .failure(EarlyAnswer(answer: .refused(status: 503,
                                                              reason: "The connection is paused; deliveries resume when it is resumed.")))
            }
            try connection.enter(.partner(partnerID))
            let principal = Principal.ingress(partnerID: partnerID)
            let found = try Connections.get(connectionID, for: principal, on: connection)
            let configuration = try Connections.configuration(of: found, box: secretBox, for: principal, on: connection)
            let event: WebhookEvent
            do {
                guard let receiver = try catalog.connector(ConnectorKind(rawValue: kind), configuration) as? any WebhookReceiver else {
                    return .failure(EarlyAnswer(answer: .refused(status: 404, reason: "This connection does not receive webhooks.")))
                }
                event = try receiver.receive(delivery)
            } catch let error as ConnectorError {
                // A missing or wrong signature is permanent; nothing of the body is trusted or kept.
                return .failure(EarlyAnswer(answer: .refused(status: error.errorClass == .business ? 422 : 401, reason: error.message)))
            }
            if event.action == .ping { return .failure(EarlyAnswer(answer: .ping)) }
            let dedupKey = event.replayKey ?? event.deliveryID.map { "\(kind):delivery:\($0)" }
                ?? "\(kind):body:\(Hex.encode(SHA256.hash(delivery.body)))"
            return .success(Intake(partnerID: partnerID, message: NewMessage(
                customerID: customerID, environmentID: environmentID, flow: Self.flow(for: event.resource),
                subject: event.resource?.rawValue ?? "event", sourceSystem: kind, sourceConnectionID: connectionID,
                reference: Self.reference(of: event), dedupKey: dedupKey, input: try MessagePayload(json: delivery.body),
                externalIDs: Self.externalIDs(of: event))))
        }
    }

    /// The flow a webhook's record goes to: web orders and customers to the ERP, refunds to
    /// returns, product and stock changes to inventory sync (which refuses what the shop does
    /// not own).
    static func flow(for resource: ConnectorResource?) -> FlowKind {
        switch resource {
        case .order, .customer, .invoice, .none: .orderToERP
        case .refund: .returns
        case .product, .price, .stock: .inventorySync
        case .shipment: .fulfillmentStatus
        }
    }

    static func reference(of event: WebhookEvent) -> String? {
        switch event.record {
        case .order(let order): order.number
        case .product(let product): product.sku.text
        case .refund(let refund): refund.orderNumber
        case .customer(let customer): customer.email
        case .reference(_, let id): id.id
        case .none: nil
        }
    }

    static func externalIDs(of event: WebhookEvent) -> [MessageExternalID] {
        let ids: [ExternalID] = switch event.record {
        case .order(let order): order.externalIDs
        case .product(let product): product.externalIDs
        case .refund(let refund): refund.externalIDs
        case .customer(let customer): customer.externalIDs
        case .reference(_, let id): [id]
        case .none: []
        }
        return ids.map { MessageExternalID(system: $0.system.rawValue, id: $0.id) }
    }
}

extension Principal {
    /// Who acts for an inbound webhook once its token has named the connection: the platform
    /// itself, inside that partner's tenant, reading that connection and writing its messages.
    static func ingress(partnerID: UUID) -> Principal {
        Principal(userID: nil, partnerID: partnerID, customerID: nil, role: .partnerAdmin, email: "system",
                  name: "webhook ingress", credential: .system)
    }
}
