public import Billing
public import Foundation
public import Postgres

/// `sla_at_risk`: the customer's calendar month so far (UTC, Billing's ``BillingMonth``)
/// stands `at risk` or `missed` against its tier's targets — the same judgement as the
/// partner's at-risk page (``SLAMonthFigures``, ``SLAStanding``), so an alert and the page
/// never disagree.
///
/// The SLA is the customer's, not a flow's: a flow-scoped rule is refused (``NewAlertRule``),
/// and the subject is the customer as a whole. The tier's targets are the threshold, so the
/// rule's own `threshold` and window are not read. The value is the month's success rate so
/// far in percent (100 while nothing finished), what a reader compares with the target first.
///
/// Its rules default to impact `order_capture`, not `reporting` like other customer-wide rules:
/// an SLA is the promise the order flow is sold on, and breaking it costs the partner money
/// (service credits) — see ``NewAlertRule/effectiveImpact``.
public struct SLAAtRiskCondition: AlertCondition {
    /// `.slaAtRisk`.
    public let kind = AlertKind.slaAtRisk

    /// Creates the condition.
    public init() {}

    /// The customer when its month so far is at risk or missed.
    public func breaches(of rule: AlertRule, for customer: AlertCustomer, at now: Date,
                         on connection: PostgresConnection) throws -> [AlertSubject] {
        let month = BillingMonth(containing: now)
        let figures = try SLAMonthFigures.month(month, partnerID: customer.partnerID, customerID: customer.id,
                                                now: now, on: connection)
        guard let figure = figures.first else { return [] }
        let standing = figure.standing
        guard standing != .met else { return [] }
        return [AlertSubject(customerID: customer.id, flow: nil, name: "SLA \(month)",
                             value: figure.counts.successRate ?? 100,
                             summary: Self.summary(figure, standing: standing, customerName: customer.name))]
    }

    /// `Shop: the 2027-03 SLA (Gold) is missed — success rate 90% against 99.5%; missed:
    /// success rate.` Names the targets so the reader need not open the report.
    static func summary(_ figure: SLAMonthFigures, standing: SLAStanding, customerName: String) -> String {
        let targets = figure.targets
        let rate = figure.counts.successRate.map { "\($0)%" } ?? "no finished messages"
        var sentence = "\(customerName): the \(figure.month) SLA (\(targets.tierName)) is \(standing.label.lowercased())"
            + " — success rate \(rate) against \(targets.successRate)%"
            + ", \(figure.counts.dead) dead and \(figure.counts.exception) in exception this month"
        let missed = figure.judgement.missed
        if !missed.isEmpty {
            sentence += "; missed: " + missed.map { $0.label.lowercased() }.joined(separator: ", ")
        }
        return sentence + "."
    }
}
