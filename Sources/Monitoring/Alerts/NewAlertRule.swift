public import Foundation
public import Tenancy

/// A rule as a partner writes it (API, portal). Missing impact defaults from the flow
/// (``AlertImpact/default(forFlow:)``); problems name the API's snake_case fields.
public struct NewAlertRule: Sendable, Hashable, Codable {
    /// A name for people.
    public var name: String
    /// Whom it watches.
    public var scope: AlertRule.Scope
    /// The customer (customer and flow scopes).
    public var customerID: UUID?
    /// The flow (flow scope).
    public var flow: String?
    /// What it watches.
    public var kind: AlertKind
    /// Percent, minutes or a count, by kind.
    public var threshold: Decimal
    /// The window in minutes (1 to 10,080, a week).
    public var windowMinutes: Int
    /// Failure rate: the fewest finished messages worth a rate.
    public var minimumVolume: Int
    /// The impact, or nil for the flow's default.
    public var impact: AlertImpact?
    /// Minutes of support time before escalating (1 to 10,080).
    public var escalateAfterMinutes: Int
    /// Whether it is evaluated.
    public var enabled: Bool

    /// A rule; the numbers have the defaults of Migrations/0018.
    public init(name: String, scope: AlertRule.Scope, customerID: UUID? = nil, flow: String? = nil, kind: AlertKind,
                threshold: Decimal, windowMinutes: Int = 15, minimumVolume: Int = 10, impact: AlertImpact? = nil,
                escalateAfterMinutes: Int = 30, enabled: Bool = true) {
        self.name = name
        self.scope = scope
        self.customerID = customerID
        self.flow = flow
        self.kind = kind
        self.threshold = threshold
        self.windowMinutes = windowMinutes
        self.minimumVolume = minimumVolume
        self.impact = impact
        self.escalateAfterMinutes = escalateAfterMinutes
        self.enabled = enabled
    }

    /// The impact stored: the given one, else `order_capture` for `sla_at_risk` (an SLA is the
    /// order flow's promise; ``SLAAtRiskCondition``), else the flow's default.
    public var effectiveImpact: AlertImpact {
        impact ?? (kind == .slaAtRisk ? .orderCapture : .default(forFlow: flow))
    }

    /// What is wrong, field by field.
    public var problems: [FieldProblem] {
        var found: [FieldProblem] = []
        if let problem = InputRules.name(name) { found.append(problem) }
        switch scope {
        case .partner:
            if customerID != nil { found.append(FieldProblem(field: "customer_id", message: "must be absent for a partner-wide rule")) }
            if flow != nil { found.append(FieldProblem(field: "flow", message: "must be absent for a partner-wide rule")) }
        case .customer:
            if customerID == nil { found.append(FieldProblem(field: "customer_id", message: "is required for a customer rule")) }
            if flow != nil { found.append(FieldProblem(field: "flow", message: "must be absent for a customer rule; use scope flow")) }
        case .flow:
            if customerID == nil { found.append(FieldProblem(field: "customer_id", message: "is required for a flow rule")) }
            if flow == nil { found.append(FieldProblem(field: "flow", message: "is required for a flow rule")) }
        }
        if kind == .slaAtRisk && scope == .flow {
            found.append(FieldProblem(field: "scope", message: "must be partner or customer for sla_at_risk: the SLA is the customer's"))
        }
        if let flow, !Self.isFlowName(flow) {
            found.append(FieldProblem(field: "flow", message: "must be a flow name such as order-to-erp"))
        }
        if threshold < 0 { found.append(FieldProblem(field: "threshold", message: "must not be negative")) }
        if kind == .failureRate && threshold > 100 {
            found.append(FieldProblem(field: "threshold", message: "is a percentage: at most 100"))
        }
        if kind == .deadMessages && threshold < 1 {
            found.append(FieldProblem(field: "threshold", message: "must be at least 1 dead message"))
        }
        if !(1...10_080).contains(windowMinutes) {
            found.append(FieldProblem(field: "window_minutes", message: "must be 1 to 10080 (a week)"))
        }
        if minimumVolume < 1 { found.append(FieldProblem(field: "minimum_volume", message: "must be at least 1")) }
        if !(1...10_080).contains(escalateAfterMinutes) {
            found.append(FieldProblem(field: "escalate_after_minutes", message: "must be 1 to 10080 (a week)"))
        }
        return found
    }

    /// Migrations/0018's `flow` CHECK: FlowKind's raw values.
    static func isFlowName(_ flow: String) -> Bool {
        let bytes = Array(flow.utf8)
        guard (2...40).contains(bytes.count), let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            return false
        }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
        }
    }
}
