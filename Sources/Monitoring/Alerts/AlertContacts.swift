public import Foundation
public import Postgres
public import Tenancy

/// The escalation chains (Migrations/0018, `alert_contacts`): the partner's, and a customer's own
/// which comes first for that customer's alerts. A webhook's signing secret is sealed in
/// Tenancy's `secrets` (SecretBox, AES-256-GCM under the keyring, rotated with the rest) and is
/// never read back to a person: the contact only says that it has one.
public enum AlertContacts {
    static let columns = "id, partner_id, customer_id, position, channel, address, has_signing_secret"
    static let insertSQL = """
        INSERT INTO alert_contacts (partner_id, customer_id, position, channel, address) VALUES ($1, $2, $3, $4, $5)
        RETURNING \(columns)
        """
    static let markSecretSQL = """
        UPDATE alert_contacts SET has_signing_secret = $3 WHERE partner_id = $1 AND id = $2 RETURNING \(columns)
        """
    static let listSQL = """
        SELECT \(columns) FROM alert_contacts WHERE partner_id = $1 ORDER BY customer_id NULLS FIRST, position
        """
    static let deleteSQL = "DELETE FROM alert_contacts WHERE partner_id = $1 AND id = $2 RETURNING \(columns)"
    /// A customer's chain: its own contacts first, then the partner's, each by position.
    static let chainSQL = """
        SELECT \(columns) FROM alert_contacts
        WHERE partner_id = $1 AND (customer_id = $2 OR customer_id IS NULL)
        ORDER BY customer_id NULLS LAST, position
        """

    static let constraintFields = [
        "alert_contacts_chain": FieldProblem(field: "position", message: "is taken in this chain"),
        "alert_contacts_partner_id_customer_id_fkey": FieldProblem(field: "customer_id", message: "is not a customer of this partner"),
    ]

    /// Adds a contact to a chain; a webhook may carry a signing secret, sealed with `box`.
    /// - Throws: `TenancyError.invalid` naming the field (`address`, `position`, `signing_secret`);
    ///   `.conflict` on `position` when the place is taken.
    public static func create(_ contact: NewAlertContact, signingSecret: SecretValue? = nil, box: SecretBox,
                              by caller: Caller, on connection: PostgresConnection) throws -> AlertContact {
        try caller.principal.require(.alertsWrite)
        try AlertRules.requirePartnerStaff(caller.principal)
        var problems = contact.problems
        if signingSecret != nil && contact.channel != .webhook {
            problems.append(FieldProblem(field: "signing_secret", message: "is for webhook contacts only"))
        }
        if let signingSecret, !(16...256).contains(signingSecret.byteCount) {
            problems.append(FieldProblem(field: "signing_secret", message: "must be 16 to 256 bytes"))
        }
        if !problems.isEmpty { throw TenancyError.invalid(problems) }
        let partnerID = caller.principal.partnerID
        var created = try translatingConflicts(constraintFields, on: connection) { connection in
            try decode(try connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
                partnerID, contact.customerID, contact.position, contact.channel.rawValue, contact.address,
            ])).single())
        }
        if let signingSecret {
            try Secrets.put(signingSecret, purpose: AlertContact.secretPurpose(created.id), customerID: contact.customerID,
                            box: box, by: caller, on: connection)
            created = try decode(try connection.query(PostgresQuery(unsafeSQL: markSecretSQL, binds: [
                partnerID, created.id, true,
            ])).single())
        }
        try AuditLog.record(AuditChange(action: "alert_contact.create", partnerID: partnerID, customerID: created.customerID,
                                        targetType: "alert_contact", targetID: created.id.uuidString, after: created),
                            by: caller, on: connection)
        return created
    }

    /// The partner's chain first, then each customer's, by position.
    public static func list(for principal: Principal, on connection: PostgresConnection) throws -> [AlertContact] {
        try principal.require(.alertsRead)
        try AlertRules.requirePartnerStaff(principal)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [principal.partnerID])).map(decode)
    }

    /// Removes a contact (and its signing secret); its history rows keep the channel and level.
    public static func delete(_ id: UUID, by caller: Caller, on connection: PostgresConnection) throws {
        try caller.principal.require(.alertsWrite)
        try AlertRules.requirePartnerStaff(caller.principal)
        let partnerID = caller.principal.partnerID
        guard let row = try connection.query(PostgresQuery(unsafeSQL: deleteSQL, binds: [partnerID, id])).first else {
            throw TenancyError.notFound("alert contact")
        }
        let before = try decode(row)
        if before.hasSigningSecret { try Secrets.delete(AlertContact.secretPurpose(id), by: caller, on: connection) }
        try AuditLog.record(AuditChange(action: "alert_contact.delete", partnerID: partnerID, customerID: before.customerID,
                                        targetType: "alert_contact", targetID: id.uuidString, before: before),
                            by: caller, on: connection)
    }

    /// The chain for `customerID`'s alerts: level n is element n-1.
    static func chain(partnerID: UUID, customerID: UUID, on connection: PostgresConnection) throws -> [AlertContact] {
        try connection.query(PostgresQuery(unsafeSQL: chainSQL, binds: [partnerID, customerID])).map(decode)
    }

    /// The signing secret of a webhook contact, opened for sending (never for showing).
    static func signingSecret(of contact: AlertContact, box: SecretBox?, on connection: PostgresConnection) throws -> SecretValue? {
        guard contact.hasSigningSecret else { return nil }
        guard let box else { throw NoKeyring() }
        let principal = Principal(userID: nil, partnerID: contact.partnerID, customerID: nil, role: .partnerOperator,
                                  email: "alerts", name: "Alert notifier", credential: .system)
        return try Secrets.get(AlertContact.secretPurpose(contact.id), box: box, for: principal, on: connection)
    }

    static func decode(_ row: PostgresRow) throws -> AlertContact {
        let (id, partnerID, customerID, position, channel, address, hasSecret) =
            try row.decode((UUID, UUID, UUID?, Int, String, String, Bool).self)
        return AlertContact(id: id, partnerID: partnerID, customerID: customerID, position: position,
                            channel: AlertContact.Channel(rawValue: channel) ?? .email, address: address,
                            hasSigningSecret: hasSecret)
    }
}

/// A contact as a partner writes it.
public struct NewAlertContact: Sendable, Hashable, Codable {
    /// The customer whose own chain it joins, or nil for the partner's chain.
    public var customerID: UUID?
    /// The place in the chain, 1 to 100.
    public var position: Int
    /// E-mail or webhook.
    public var channel: AlertContact.Channel
    /// The e-mail address, or the webhook's URL (https; http only to loopback, for tests and
    /// a local relay).
    public var address: String

    /// Creates a contact.
    public init(customerID: UUID? = nil, position: Int, channel: AlertContact.Channel, address: String) {
        self.customerID = customerID
        self.position = position
        self.channel = channel
        self.address = address
    }

    /// What is wrong, field by field.
    public var problems: [FieldProblem] {
        var found: [FieldProblem] = []
        if !(1...100).contains(position) { found.append(FieldProblem(field: "position", message: "must be 1 to 100")) }
        switch channel {
        case .email:
            if let problem = InputRules.email(address, field: "address") { found.append(problem) }
        case .webhook:
            let loopback = address.hasPrefix("http://127.0.0.1:") || address.hasPrefix("http://localhost:") || address.hasPrefix("http://[::1]:")
            guard let url = URL(string: address), url.host != nil, address.count <= 2000,
                  address.hasPrefix("https://") || loopback else {
                found.append(FieldProblem(field: "address", message: "must be an https URL"))
                break
            }
        }
        return found
    }
}

/// A webhook contact has a signing secret but this process has no keyring to open it.
struct NoKeyring: Error, CustomStringConvertible {
    var description: String { "the contact's signing secret cannot be opened: COUNTERPART_MASTER_KEY is not set" }
}
