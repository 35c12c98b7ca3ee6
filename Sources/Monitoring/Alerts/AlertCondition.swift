public import Foundation
public import Postgres

/// One kind of trouble a rule can watch for. Each ``AlertKind`` is one type conforming to this
/// protocol, so a new kind (like the SLA's `sla_at_risk`) is one more file registered in
/// ``AlertConditions``; the evaluator knows nothing of what a condition measures.
///
/// Contract: `breaches` reads, never writes; it is called once per rule and customer in the
/// evaluator's transaction (the platform scope) and returns every subject in breach now — none
/// when all is well, which is what resolves an open alert as cleared.
public protocol AlertCondition: Sendable {
    /// The kind it implements.
    var kind: AlertKind { get }

    /// The subjects of `customer` that breach `rule` at `now`.
    func breaches(of rule: AlertRule, for customer: AlertCustomer, at now: Date,
                  on connection: PostgresConnection) throws -> [AlertSubject]
}

/// The customer a rule is evaluated for, with what the subject lines need.
public struct AlertCustomer: Sendable, Hashable {
    /// The customer's partner.
    public var partnerID: UUID
    /// The customer.
    public var id: UUID
    /// Its name.
    public var name: String

    /// Creates a customer value.
    public init(partnerID: UUID, id: UUID, name: String) {
        self.partnerID = partnerID
        self.id = id
        self.name = name
    }
}

extension AlertRule {
    /// The measured window ending at `now`: whole minutes (the rollups' finest grain), so the
    /// minute still being filled is left out rather than counted half.
    func window(endingAt now: Date) -> (start: Date, end: Date) {
        let end = RollupGrain.minute.floor(now)
        return (end.addingTimeInterval(-Double(windowMinutes) * 60), end)
    }
}

/// The conditions the evaluator knows, by kind.
public struct AlertConditions: Sendable {
    private let byKind: [AlertKind: any AlertCondition]

    /// A registry of `conditions` (a later one of the same kind replaces an earlier).
    public init(_ conditions: [any AlertCondition]) {
        byKind = Dictionary(conditions.map { ($0.kind, $0) }, uniquingKeysWith: { _, later in later })
    }

    /// Failure rate, backlog age, dead messages, paused connections and the SLA at risk.
    public static let standard = AlertConditions([
        FailureRateCondition(), BacklogAgeCondition(), DeadMessagesCondition(), PausedConnectionCondition(),
        SLAAtRiskCondition(),
    ])

    /// The condition for `kind`, or nil when none is registered (its rules are skipped).
    public func condition(for kind: AlertKind) -> (any AlertCondition)? { byKind[kind] }

    /// This registry with `condition` added.
    public func adding(_ condition: any AlertCondition) -> AlertConditions {
        AlertConditions(Array(byKind.values) + [condition])
    }
}
