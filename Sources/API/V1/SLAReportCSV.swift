import Foundation
import Monitoring

/// An SLA report as one CSV table (RFC 4180, through `CSVTable`): a row per measure with its
/// target and whether it was met, then per flow, per day and per incident, each row saying
/// which section it belongs to — one table a spreadsheet can filter.
enum SLAReportCSV {
    static let header = ["section", "name", "start", "end", "target", "measured", "met", "received", "delivered", "failed",
                         "exception", "dead", "detail"]

    static func text(of report: SLAReport) -> String {
        var table = CSVTable(header: header)
        let period = (APIJSON.formatTimestamp(report.start), APIJSON.formatTimestamp(report.end))
        let missed = Set(report.judgement.missed)
        let targets = report.targets
        func percent(_ value: Decimal?) -> String? { value.map { DecimalText.format($0, minimumFractionDigits: 1) } }
        func met(_ target: SLATarget) -> String { missed.contains(target) ? "no" : "yes" }
        table.append(["measure", SLATarget.successRate.rawValue, period.0, period.1, percent(targets.successRate),
                      percent(report.counts.successRate), met(.successRate)] + counts(report.counts)
                     + ["tier \(targets.tierName)\(report.isFinal ? "" : "; provisional: the period has not ended")"])
        table.append(["measure", SLATarget.latency.rawValue, period.0, period.1, String(targets.p95LatencyMilliseconds),
                      report.p95.map(String.init), met(.latency)] + counts(report.counts)
                     + ["p50 \(report.p50.map(String.init) ?? "-") ms, p99 \(report.p99.map(String.init) ?? "-") ms"])
        table.append(["measure", SLATarget.availability.rawValue, period.0, period.1, percent(targets.availability),
                      percent(report.availability.percent), met(.availability), nil, nil, nil, nil, nil,
                      "\(report.availability.minutes) minutes; down \(report.availability.platformDownMinutes); "
                      + "refused \(report.availability.refusedMinutes)"])
        for flow in report.countsByFlow.keys.sorted() {
            let counts = report.countsByFlow[flow]!
            table.append(["flow", flow, period.0, period.1, nil, percent(counts.successRate), nil] + Self.counts(counts)
                         + ["p95 \(counts.latency.percentile(95).map(String.init) ?? "-") ms"])
        }
        for day in report.days {
            table.append(["day", SLAJSON.day(day.start), APIJSON.formatTimestamp(day.start),
                          APIJSON.formatTimestamp(day.start.addingTimeInterval(86_400)), nil, percent(day.counts.successRate), nil]
                         + counts(day.counts) + ["p95 \(day.counts.latency.percentile(95).map(String.init) ?? "-") ms"])
        }
        for incident in report.incidents {
            table.append(["incident", incident.missed.map(\.rawValue).joined(separator: " "),
                          APIJSON.formatTimestamp(incident.start), APIJSON.formatTimestamp(incident.end), nil,
                          percent(incident.counts.successRate), "no"] + counts(incident.counts)
                         + [incident.causes.map { "\($0.text) (\($0.count))" }.joined(separator: "; ")])
        }
        return table.text
    }

    static func counts(_ counts: MessageCounts) -> [String?] {
        [counts.received, counts.delivered, counts.failed, counts.exception, counts.dead].map { String($0) }
    }
}
