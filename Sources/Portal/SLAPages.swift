import Billing
import Flows
import Foundation
import Monitoring

/// Monitoring's figures turned into the SLA pages' views: no queries here, only presentation,
/// so the pages' wording can be tested without a database.
enum SLAPages {
    /// A standing's badge. A month that has ended is met or missed; "on track" and "at risk"
    /// speak of a month still running.
    static func badge(_ standing: SLAStanding, isFinal: Bool) -> SLABadgeView {
        switch standing {
        case .missed: SLABadgeView(text: "Missed", tone: "badge--danger", key: "missed")
        case .atRisk where !isFinal: SLABadgeView(text: standing.label, tone: "badge--warning", key: "at_risk")
        case .met where !isFinal: SLABadgeView(text: standing.label, tone: "badge--success", key: "on_track")
        case .atRisk, .met: SLABadgeView(text: "Met", tone: "badge--success", key: "met")
        }
    }

    /// Each target's standing on its own. Monitoring's `SLAStanding` judges a month as a whole;
    /// fed only the figures one target reads, it judges that target by the same rules (the
    /// error budgets of `SLAStanding`), so the page and the at-risk list never disagree.
    static func standing(of target: SLATarget, counts: MessageCounts, availability: Availability, monthMinutes: Int,
                         targets: SLATargets) -> SLAStanding {
        let noMinutes = Availability(minutes: 0, platformDownMinutes: 0, refusedMinutes: 0)
        return switch target {
        case .successRate:
            SLAStanding(counts: MessageCounts(delivered: counts.delivered, exception: counts.exception, dead: counts.dead),
                        availability: noMinutes, monthMinutes: 0, targets: targets)
        case .latency:
            SLAStanding(counts: MessageCounts(delivered: counts.delivered, latency: counts.latency), availability: noMinutes,
                        monthMinutes: 0, targets: targets)
        case .availability:
            SLAStanding(counts: .zero, availability: availability, monthMinutes: monthMinutes, targets: targets)
        }
    }

    /// The three promises of `report` with their badges; `monthMinutes` is the month's whole
    /// length in counted minutes (the availability budget's base), from `SLAMonthFigures`.
    static func measures(_ report: SLAReport, monthMinutes: Int) -> [SLAMeasureView] {
        SLATarget.allCases.map { target in
            let standing = standing(of: target, counts: report.counts, availability: report.availability,
                                    monthMinutes: monthMinutes, targets: report.targets)
            let (wanted, measured, basis): (String, String, String) = switch target {
            case .successRate:
                ("at least " + SLAFormat.percent(report.targets.successRate), SLAFormat.percent(report.counts.successRate),
                 "\(SLAFormat.count(report.counts.delivered)) delivered of \(SLAFormat.count(report.counts.finished)) finished")
            case .latency:
                ("at most " + SLAFormat.milliseconds(report.targets.p95LatencyMilliseconds), SLAFormat.milliseconds(report.p95),
                 "receipt to delivery, \(SLAFormat.count(report.counts.delivered)) delivered")
            case .availability:
                ("at least " + SLAFormat.percent(report.targets.availability), SLAFormat.percent(report.availability.percent),
                 "\(SLAFormat.count(report.availability.minutes - report.availability.unavailableMinutes)) of "
                    + "\(SLAFormat.count(report.availability.minutes)) minutes")
            }
            return SLAMeasureView(label: target.label, key: target.rawValue, target: wanted, measured: measured, basis: basis,
                                  badge: badge(standing, isFinal: report.isFinal))
        }
    }

    /// `p50 250 ms · p95 1,123 ms · p99 22,388 ms`.
    static func percentiles(_ report: SLAReport) -> String {
        [("p50", report.p50), ("p95", report.p95), ("p99", report.p99)]
            .map { "\($0.0) \(SLAFormat.milliseconds($0.1))" }.joined(separator: " · ")
    }

    /// What an incident measured, in a line.
    static func measured(in incident: SLAIncident) -> String {
        var parts: [String] = []
        if let rate = incident.counts.successRate { parts.append("success \(SLAFormat.percent(rate))") }
        if let p95 = incident.counts.latency.percentile(95) { parts.append("p95 \(SLAFormat.milliseconds(p95))") }
        if let available = incident.availability.percent { parts.append("available \(SLAFormat.percent(available))") }
        return parts.joined(separator: ", ")
    }

    static func incidents(_ report: SLAReport) -> [SLAIncidentView] {
        report.incidents.map { incident in
            let causes = incident.causes.map { "\($0.text) (\(SLAFormat.count($0.count)))" }
            return SLAIncidentView(start: PortalFormat.minute(incident.start), end: PortalFormat.minute(incident.end),
                                   missed: incident.missed.map(\.label).joined(separator: ", "), measured: measured(in: incident),
                                   causes: causes, hasCauses: !causes.isEmpty)
        }
    }

    /// The month's figures per flow, by the flows' display names.
    static func flowRows(_ report: SLAReport) -> [SLAFlowRowView] {
        report.countsByFlow.map { (name: FlowKind(validating: $0.key)?.displayName ?? $0.key, counts: $0.value) }
            .sorted { $0.name < $1.name }
            .map { flow in
                SLAFlowRowView(name: flow.name, received: SLAFormat.count(flow.counts.received),
                               delivered: SLAFormat.count(flow.counts.delivered), retried: SLAFormat.count(flow.counts.failed),
                               failed: SLAFormat.count(flow.counts.exception + flow.counts.dead),
                               successRate: SLAFormat.percent(flow.counts.successRate),
                               p95: SLAFormat.milliseconds(flow.counts.latency.percentile(95)))
            }
    }

    /// The last months as table rows, newest first; each links to its dashboard.
    static func historyRows(_ months: [SLAMonthFigures], now: Date, path: (BillingMonth) -> String) -> [SLAHistoryRowView] {
        months.reversed().map { month in
            SLAHistoryRowView(month: SLAFormat.monthTitle(month.month), path: path(month.month),
                              successRate: SLAFormat.percent(month.counts.successRate),
                              successTarget: SLAFormat.percent(month.targets.successRate),
                              availability: SLAFormat.percent(month.availability.percent),
                              availabilityTarget: SLAFormat.percent(month.targets.availability),
                              p95: SLAFormat.milliseconds(month.counts.latency.percentile(95)),
                              p95Target: SLAFormat.milliseconds(month.targets.p95LatencyMilliseconds),
                              badge: badge(month.standing, isFinal: month.month.next.firstDay <= now))
        }
    }

    /// Previous and next month (none after the current one) and the twelve months up to the
    /// current one.
    static func picker(showing month: BillingMonth, current: BillingMonth, path: (BillingMonth) -> String) -> SLAMonthPickerView {
        func link(_ month: BillingMonth, isCurrent: Bool = false) -> SLAMonthLinkView {
            SLAMonthLinkView(title: SLAFormat.monthTitle(month), path: path(month), isCurrent: isCurrent)
        }
        var recent: [BillingMonth] = [current]
        while recent.count < 12 { recent.append(SLAFormat.previous(recent[recent.count - 1])) }
        return SLAMonthPickerView(previous: link(SLAFormat.previous(month)), next: month < current ? link(month.next) : nil,
                                  recent: recent.map { link($0, isCurrent: $0 == month) })
    }

    /// A row of the at-risk page.
    static func riskRow(_ figures: SLAMonthFigures, isFinal: Bool, path: String) -> SLARiskRowView {
        SLARiskRowView(name: figures.customerName, path: path, tierName: figures.targets.tierName,
                       badge: badge(figures.standing, isFinal: isFinal),
                       successRate: SLAFormat.percent(figures.counts.successRate),
                       successTarget: SLAFormat.percent(figures.targets.successRate),
                       p95: SLAFormat.milliseconds(figures.counts.latency.percentile(95)),
                       p95Target: SLAFormat.milliseconds(figures.targets.p95LatencyMilliseconds),
                       availability: SLAFormat.percent(figures.availability.percent),
                       availabilityTarget: SLAFormat.percent(figures.targets.availability))
    }

    /// `12 waiting (3 retrying), oldest 4 min` for a flow's queue right now.
    static func queue(_ state: QueueState?, now: Date) -> String {
        guard let state, state.waiting > 0 else { return "Nothing waiting" }
        let age = Int(state.oldestAge(at: now))
        let oldest = age < 60 ? "\(age) s" : age < 3600 ? "\(age / 60) min" : age < 86_400 ? "\(age / 3600) h \(age % 3600 / 60) min"
            : "\(age / 86_400) days"
        return "\(SLAFormat.count(state.waiting)) waiting" + (state.retrying > 0 ? " (\(SLAFormat.count(state.retrying)) retrying)" : "")
            + ", oldest \(oldest)"
    }
}
