public import Foundation

/// What a write did to one record of the hub, so a flow publishes onwards only what changed
/// (issue 6 §5, `catalog-publish`: "only what changed"). A write is idempotent: the same
/// content again is `unchanged`, and an unchanged record keeps its change number.
public enum HubOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The hub had no such record; it has now.
    case inserted
    /// The record's content changed, as the diff says.
    case updated(HubDiff)
    /// The hub already had exactly this content.
    case unchanged
    /// A stock level older than the stored one (`StockLevel.supersedes`): ignored, the stored
    /// level was true later.
    case stale(storedAsOf: Date)

    /// Whether the hub's content changed (and the record took a new change number).
    public var changed: Bool {
        switch self {
        case .inserted, .updated: true
        case .unchanged, .stale: false
        }
    }

    /// `inserted`, `updated: name, list.amount`, `unchanged`, `stale (stored level is as of …)`.
    public var description: String {
        switch self {
        case .inserted: "inserted"
        case .updated(let diff): "updated: \(diff)"
        case .unchanged: "unchanged"
        case .stale(let storedAsOf): "stale (the stored level is as of \(storedAsOf.formatted(.iso8601)))"
        }
    }
}

/// The outcome of a write for one record.
public struct HubWriteResult: Sendable, Hashable {
    /// The record's key in the hub (as in `HubRefusal.key`).
    public var key: String
    /// What happened.
    public var outcome: HubOutcome
    /// The record's change number after the write: new for a change, the stored one otherwise.
    public var changeSeq: Int64

    /// A result.
    public init(key: String, outcome: HubOutcome, changeSeq: Int64) {
        self.key = key
        self.outcome = outcome
        self.changeSeq = changeSeq
    }
}
