public import Commerce

/// What an idempotent write did to one record in the other system.
public struct UpsertOutcome: Sendable, Hashable, Codable {
    /// What happened.
    public enum Action: String, Sendable, Hashable, Codable {
        /// A new record was made.
        case created
        /// An existing record (found by external id, SKU or our reference) was changed.
        case updated
        /// An existing record already had these values; nothing was written.
        case unchanged
    }

    /// The key we wrote by: the SKU, or our reference for a document.
    public var key: String
    /// The record's id in the other system, for the cross-reference.
    public var externalID: ExternalID
    /// What happened.
    public var action: Action

    /// Creates an outcome.
    public init(key: String, externalID: ExternalID, action: Action) {
        self.key = key
        self.externalID = externalID
        self.action = action
    }
}

/// The outcome of a batch write, item by item: a batch with some refused items is not a failed
/// batch — the good items are written and each refused one carries its own error.
public struct BatchOutcome: Sendable, Hashable {
    /// One item's result.
    public struct Item: Sendable, Hashable {
        /// The key we wrote by (SKU or reference).
        public var key: String
        /// What happened, or why not.
        public var result: Result<UpsertOutcome, ConnectorError>

        /// Creates an item result.
        public init(key: String, result: Result<UpsertOutcome, ConnectorError>) {
            self.key = key
            self.result = result
        }
    }

    /// Every item in the order given.
    public var items: [Item]

    /// Creates an outcome.
    public init(items: [Item] = []) { self.items = items }

    /// The items written.
    public var succeeded: [UpsertOutcome] {
        items.compactMap { if case .success(let outcome) = $0.result { outcome } else { nil } }
    }

    /// The items refused, with their errors.
    public var failed: [(key: String, error: ConnectorError)] {
        items.compactMap { if case .failure(let error) = $0.result { ($0.key, error) } else { nil } }
    }
}
