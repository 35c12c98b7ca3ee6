public import Connectors
public import Foundation
public import Tenancy

/// One customer system reached from one environment (Migrations/0005: `connections`): what it
/// is, its non-secret settings, which secret fields are stored (never their values), whether it
/// is in use and what its last test found.
public struct Connection: Sendable, Equatable, Encodable {
    /// Whether flows may use it.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// In use.
        case active
        /// Stopped by a person or after a permanent error; flows leave it alone until resumed.
        case paused
    }

    /// The outcome of the last "Test connection".
    public struct LastTest: Sendable, Equatable, Encodable {
        /// When it ran.
        public var at: Date
        /// Whether the system answered as expected.
        public var succeeded: Bool
        /// What it answered, or what went wrong, in a line.
        public var summary: String
    }

    /// The id.
    public var id: UUID
    /// The partner.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// The environment it belongs to.
    public var environmentID: UUID
    /// Sandbox or production, the environment's kind.
    public var environmentKind: Environment.Kind
    /// Which connector.
    public var kind: ConnectorKind
    /// The name people gave it, unique in the environment ("Web shop", "Head office ERP").
    public var name: String
    /// The non-secret field values.
    public var settings: [String: String]
    /// The names of the secret fields that have a stored value.
    public var secretFields: [String]
    /// Which system it reaches, for the rule that one is never both sandbox and production.
    public var endpoint: String
    /// Active or paused.
    public var status: Status
    /// Why it was paused.
    public var pausedReason: String?
    /// The last test, if any.
    public var lastTest: LastTest?
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, partnerID = "partner_id", customerID = "customer_id", environmentID = "environment_id"
        case environmentKind = "environment", kind, name, settings, secretFields = "secret_fields", endpoint, status
        case pausedReason = "paused_reason", lastTest = "last_test", createdAt = "created_at", updatedAt = "updated_at"
    }

    /// The secret's purpose in `secrets` for one field of this connection.
    public func secretPurpose(_ field: String) -> String { Self.secretPurpose(id, field) }

    static func secretPurpose(_ id: UUID, _ field: String) -> String { "connection/\(id.uuidString.lowercased())/\(field)" }
}

/// The input of a new connection.
public struct NewConnection: Sendable {
    /// The environment (of the customer named on the call) it belongs to.
    public var environmentID: UUID
    /// Which connector.
    public var kind: ConnectorKind
    /// Its name.
    public var name: String
    /// Field values, secrets included; the descriptor says which are which.
    public var values: [String: String]

    /// Creates the input.
    public init(environmentID: UUID, kind: ConnectorKind, name: String, values: [String: String]) {
        self.environmentID = environmentID
        self.kind = kind
        self.name = name
        self.values = values
    }
}

/// A change to a connection: a new name and/or field values. A secret field left out (or
/// empty) keeps its stored value, so an edit form never needs the secrets back.
public struct ConnectionChanges: Sendable {
    /// The new name.
    public var name: String?
    /// Changed field values; an empty non-secret value clears an optional field.
    public var values: [String: String]

    /// Creates a change.
    public init(name: String? = nil, values: [String: String] = [:]) {
        self.name = name
        self.values = values
    }
}
