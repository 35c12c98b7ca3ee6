public import Foundation

/// A record as the hub holds it, with where it came from and when it last changed.
public struct HubEntry<Record: Sendable>: Sendable {
    /// The canonical record.
    public var record: Record
    /// The system and connection that last changed it.
    public var source: HubSource
    /// The change number of its last change.
    public var changeSeq: Int64
    /// When it last changed (or, for stock, was last confirmed).
    public var updatedAt: Date

    /// An entry.
    public init(record: Record, source: HubSource, changeSeq: Int64, updatedAt: Date) {
        self.record = record
        self.source = source
        self.changeSeq = changeSeq
        self.updatedAt = updatedAt
    }
}

extension HubEntry: Equatable where Record: Equatable {}
