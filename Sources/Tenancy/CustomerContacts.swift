public import Foundation
public import Postgres

/// Reading and changing a customer's contacts (Migrations/0004: `customer_contacts`). Every
/// statement names the partner and the customer; row-level security checks the partner again
/// and narrows customer viewers to their own customer. Changes need `customers:write` — a
/// customer's contacts are part of managing the customer — and are audited in the customer's
/// log with the row before and after.
public enum CustomerContacts {
    static let columns = "id, partner_id, customer_id, name, email, phone, role, escalation_order, created_at, updated_at"
    // Escalation order first (the order alerts use), contacts outside escalation last.
    static let listSQL = """
        SELECT \(columns) FROM customer_contacts WHERE partner_id = $1 AND customer_id = $2
        ORDER BY escalation_order NULLS LAST, lower(name), id
        """
    static let getSQL = "SELECT \(columns) FROM customer_contacts WHERE partner_id = $1 AND customer_id = $2 AND id = $3"
    static let insertSQL = """
        INSERT INTO customer_contacts (partner_id, customer_id, name, email, phone, role, escalation_order)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING \(columns)
        """
    static let updateSQL = """
        UPDATE customer_contacts SET name = $4, email = $5, phone = $6, role = $7, escalation_order = $8
        WHERE partner_id = $1 AND customer_id = $2 AND id = $3 RETURNING \(columns)
        """
    static let deleteSQL = "DELETE FROM customer_contacts WHERE partner_id = $1 AND customer_id = $2 AND id = $3"
    static let conflicts = [
        "customer_contacts_partner_id_customer_id_email_key":
            FieldProblem(field: "email", message: "already belongs to another contact of this customer"),
    ]

    /// The customer's contacts in escalation order (those never escalated to last).
    /// `notFound("customer")` when the customer is not the caller's to see.
    public static func list(customer customerID: UUID, for principal: Principal,
                            on connection: PostgresConnection) throws -> [CustomerContact] {
        _ = try Customers.get(customerID, for: principal, on: connection)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [principal.partnerID, customerID])).map(decode)
    }

    /// One contact of the customer; `notFound("customer")` or `notFound("contact")`.
    public static func get(_ id: UUID, customer customerID: UUID, for principal: Principal,
                           on connection: PostgresConnection) throws -> CustomerContact {
        _ = try Customers.get(customerID, for: principal, on: connection)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, customerID, id]))
            .first else { throw TenancyError.notFound("contact") }
        return try decode(row)
    }

    /// Adds a contact to the customer. Invalid fields are `TenancyError.invalid`, all at once;
    /// an e-mail address the customer already has a contact for is a conflict on `email`.
    public static func add(_ new: NewCustomerContact, to customerID: UUID, by caller: Caller,
                           on connection: PostgresConnection) throws -> CustomerContact {
        try caller.principal.require(.customersWrite)
        let fields = try checked(name: new.name, email: new.email, phone: new.phone, escalationOrder: new.escalationOrder)
        _ = try Customers.get(customerID, for: caller.principal, on: connection)
        let partnerID = caller.principal.partnerID
        let contact = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
                partnerID, customerID, fields.name, fields.email, fields.phone, new.role.rawValue, new.escalationOrder,
            ])).single())
        }
        try AuditLog.record(AuditChange(action: "customer_contact.create", partnerID: partnerID, customerID: customerID,
                                        targetType: "customer_contact", targetID: contact.id.uuidString, after: contact),
                            by: caller, on: connection)
        return contact
    }

    /// Applies `changes` to a contact and records before and after.
    public static func update(_ id: UUID, customer customerID: UUID, _ changes: CustomerContactChanges, by caller: Caller,
                              on connection: PostgresConnection) throws -> CustomerContact {
        try caller.principal.require(.customersWrite)
        let before = try get(id, customer: customerID, for: caller.principal, on: connection)
        let fields = try checked(name: changes.name ?? before.name, email: changes.email ?? before.email,
                                 phone: changes.phone ?? before.phone,
                                 escalationOrder: changes.escalationOrder ?? before.escalationOrder)
        let after = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: updateSQL, binds: [
                caller.principal.partnerID, customerID, id, fields.name, fields.email, fields.phone,
                (changes.role ?? before.role).rawValue, changes.escalationOrder ?? before.escalationOrder,
            ])).single())
        }
        try AuditLog.record(AuditChange(action: "customer_contact.update", partnerID: after.partnerID, customerID: customerID,
                                        targetType: "customer_contact", targetID: id.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    /// Removes a contact and records what it was.
    public static func remove(_ id: UUID, customer customerID: UUID, by caller: Caller,
                              on connection: PostgresConnection) throws {
        try caller.principal.require(.customersWrite)
        let before = try get(id, customer: customerID, for: caller.principal, on: connection)
        _ = try connection.execute(PostgresQuery(unsafeSQL: deleteSQL, binds: [caller.principal.partnerID, customerID, id]))
        try AuditLog.record(AuditChange(action: "customer_contact.delete", partnerID: before.partnerID, customerID: customerID,
                                        targetType: "customer_contact", targetID: id.uuidString, before: before),
                            by: caller, on: connection)
    }

    /// The fields as they are stored — name trimmed, e-mail trimmed and lower-cased, phone in
    /// E.164 — or `TenancyError.invalid` naming every field that breaks Migrations/0004's rules.
    static func checked(name: String, email: String, phone: String?,
                        escalationOrder: Int?) throws(TenancyError) -> (name: String, email: String, phone: String?) {
        let normalizedEmail = email.trimmingWhitespace.lowercased()
        let normalizedPhone = phone.flatMap(CustomerContact.normalizedPhone)
        try InputRules.check(
            InputRules.name(name), InputRules.email(normalizedEmail),
            phone != nil && normalizedPhone == nil
                ? FieldProblem(field: "phone", message: "must be an international number such as +31 20 123 4567 (E.164)") : nil,
            escalationOrder.map(CustomerContact.escalationOrders.contains) == false
                ? FieldProblem(field: "escalation_order", message: "must be from 1 to 100, or null for a contact never escalated to")
                : nil)
        return (name.trimmingWhitespace, normalizedEmail, normalizedPhone)
    }

    static func decode(_ row: PostgresRow) throws -> CustomerContact {
        let (id, partnerID, customerID, name, email, phone, role, escalationOrder, createdAt, updatedAt) = try row.decode(
            (UUID, UUID, UUID, String, String, String?, String, Int?, Date, Date).self)
        return CustomerContact(id: id, partnerID: partnerID, customerID: customerID, name: name, email: email, phone: phone,
                               role: CustomerContact.Role(rawValue: role) ?? .technical, escalationOrder: escalationOrder,
                               createdAt: createdAt, updatedAt: updatedAt)
    }
}
