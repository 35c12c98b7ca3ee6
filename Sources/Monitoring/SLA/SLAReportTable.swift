import Foundation

/// An SLA report as one table, for CSV downloads from the API and the portal alike: a row per
/// target with what was promised, what was measured and whether it was met, then a row per
/// flow, per day and per incident, each saying which section it belongs to — one table a
/// spreadsheet can filter (RFC 4180 §2.4: every record has the same fields). Percentages and
/// milliseconds are plain numbers a spreadsheet reads (`97.619`, `1123`); times are RFC 3339.
public enum SLAReportTable {
    /// The header row.
    public static let header = ["section", "name", "start", "end", "target", "measured", "met", "received", "delivered", "failed",
                                "exception", "dead", "detail"]

    /// The rows of `report`, in the order above.
    public static func rows(_ report: SLAReport) -> [[String?]] {
        let period = (time(report.start), time(report.end))
        let missed = Set(report.judgement.missed)
        let targets = report.targets
        func met(_ target: SLATarget) -> String { missed.contains(target) ? "no" : "yes" }
        var rows: [[String?]] = [
            ["measure", SLATarget.successRate.rawValue, period.0, period.1, number(targets.successRate),
             report.counts.successRate.map(number), met(.successRate)] + counts(report.counts)
                + ["tier \(targets.tierName)\(report.isFinal ? "" : "; provisional: the period has not ended")"],
            ["measure", SLATarget.latency.rawValue, period.0, period.1, String(targets.p95LatencyMilliseconds),
             report.p95.map(String.init), met(.latency)] + counts(report.counts)
                + ["p50 \(report.p50.map(String.init) ?? "-") ms, p99 \(report.p99.map(String.init) ?? "-") ms"],
            ["measure", SLATarget.availability.rawValue, period.0, period.1, number(targets.availability),
             report.availability.percent.map(number), met(.availability), nil, nil, nil, nil, nil,
             "\(report.availability.minutes) minutes; down \(report.availability.platformDownMinutes); "
                + "refused \(report.availability.refusedMinutes)"],
        ]
        for flow in report.countsByFlow.keys.sorted() {
            let flowCounts = report.countsByFlow[flow]!
            rows.append(["flow", flow, period.0, period.1, nil, flowCounts.successRate.map(number), nil] + counts(flowCounts)
                        + ["p95 \(flowCounts.latency.percentile(95).map(String.init) ?? "-") ms"])
        }
        for day in report.days {
            rows.append(["day", String(time(day.start).prefix(10)), time(day.start), time(day.start.addingTimeInterval(86_400)), nil,
                         day.counts.successRate.map(number), nil] + counts(day.counts)
                        + ["p95 \(day.counts.latency.percentile(95).map(String.init) ?? "-") ms"])
        }
        for incident in report.incidents {
            rows.append(["incident", incident.missed.map(\.rawValue).joined(separator: " "), time(incident.start),
                         time(incident.end), nil, incident.counts.successRate.map(number), "no"] + counts(incident.counts)
                        + [incident.causes.map { "\($0.text) (\($0.count))" }.joined(separator: "; ")])
        }
        return rows
    }

    static func counts(_ counts: MessageCounts) -> [String?] {
        [counts.received, counts.delivered, counts.failed, counts.exception, counts.dead].map { String($0) }
    }

    static func number(_ value: Decimal) -> String { NSDecimalNumber(decimal: value).stringValue }

    static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
