public import Foundation

/// A person at a customer whom the partner reaches about it (Migrations/0004:
/// `customer_contacts`). Alerts escalate through contacts by `escalationOrder`, lowest first.
public struct CustomerContact: Sendable, Codable, Equatable {
    /// What the contact is reached for.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// Connections, credentials, flows that stopped.
        case technical
        /// Invoices and the tier the customer pays for.
        case billing
        /// Reached when an alert is not acknowledged in time.
        case escalation
        /// The customer's management, for outages that hurt the business.
        case management
    }

    /// The contact's id.
    public var id: UUID
    /// The partner the customer belongs to.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// The person's name.
    public var name: String
    /// Their e-mail address, in lower case.
    public var email: String
    /// E.164: `+` and up to 15 digits; nil when none was given.
    public var phone: String?
    /// What they are reached for.
    public var role: Role
    /// Lower is reached first, equal orders together; nil is never escalated to.
    public var escalationOrder: Int?
    /// When the contact was added.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
}

/// What adding a contact takes.
public struct NewCustomerContact: Sendable, Equatable {
    /// The person's name.
    public var name: String
    /// Their e-mail address (trimmed and lower-cased when stored).
    public var email: String
    /// Their phone number in international form; separators are removed when stored.
    public var phone: String?
    /// What they are reached for.
    public var role: CustomerContact.Role
    /// Their step in the escalation order; nil for never.
    public var escalationOrder: Int?

    /// A new contact.
    public init(name: String, email: String, phone: String? = nil, role: CustomerContact.Role,
                escalationOrder: Int? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.escalationOrder = escalationOrder
    }
}

/// A partial update of a contact: nil leaves a field alone; for the optional fields
/// `.some(nil)` clears them.
public struct CustomerContactChanges: Sendable, Equatable {
    /// A new name.
    public var name: String?
    /// A new e-mail address.
    public var email: String?
    /// A new phone number, or `.some(nil)` to remove it.
    public var phone: String??
    /// A new role.
    public var role: CustomerContact.Role?
    /// A new escalation step, or `.some(nil)` to take the contact out of escalation.
    public var escalationOrder: Int??

    /// Changes; every field left nil stays as it is.
    public init(name: String? = nil, email: String? = nil, phone: String?? = nil, role: CustomerContact.Role? = nil,
                escalationOrder: Int?? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.escalationOrder = escalationOrder
    }
}

extension CustomerContact {
    /// The escalation orders a contact may have: enough steps for any customer, few enough
    /// that a typo (`1000`) is caught.
    public static let escalationOrders = 1...100

    /// `text` as E.164 (`+31201234567`) once the separators people write — spaces, dots,
    /// dashes, brackets — are removed; nil when what is left is not `+`, a country code that
    /// does not start with 0, and 7 to 15 digits in all (ITU-T E.164 §6.1: at most 15).
    public static func normalizedPhone(_ text: String) -> String? {
        let kept = text.unicodeScalars.filter { !" .-()\u{00A0}".unicodeScalars.contains($0) }
        guard kept.first == "+" else { return nil }
        let digits = kept.dropFirst()
        guard (7...15).contains(digits.count), digits.first != "0",
              digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return "+" + String(String.UnicodeScalarView(digits))
    }
}
