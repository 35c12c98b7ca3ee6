public import Foundation

/// A place in a partner's escalation chain (Migrations/0018, `alert_contacts`). A customer's own
/// chain, when it has one, comes before the partner's: level 1 is the first contact of the
/// combined chain.
public struct AlertContact: Sendable, Hashable, Codable {
    /// How the contact is reached.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        /// E-mail over SMTP.
        case email
        /// A chat tool's incoming webhook (Slack's format), signed.
        case webhook
    }

    /// The contact's id.
    public var id: UUID
    /// The partner.
    public var partnerID: UUID
    /// The customer whose own chain this is, or nil for the partner's chain.
    public var customerID: UUID?
    /// The place in its chain, from 1.
    public var position: Int
    /// How it is reached.
    public var channel: Channel
    /// The e-mail address or the webhook URL.
    public var address: String
    /// Whether a webhook has a signing secret (the secret itself is never shown back).
    public var hasSigningSecret: Bool

    /// Creates a contact value.
    public init(id: UUID, partnerID: UUID, customerID: UUID?, position: Int, channel: Channel, address: String,
                hasSigningSecret: Bool) {
        self.id = id
        self.partnerID = partnerID
        self.customerID = customerID
        self.position = position
        self.channel = channel
        self.address = address
        self.hasSigningSecret = hasSigningSecret
    }

    /// The `secrets` purpose of a webhook contact's signing secret.
    static func secretPurpose(_ id: UUID) -> String { "alert-contact/\(id.uuidString.lowercased())/signing-secret" }
}
