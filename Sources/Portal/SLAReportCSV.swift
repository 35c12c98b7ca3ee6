import Foundation
import Monitoring

/// A month report as CSV (RFC 4180) for the customer's own spreadsheet: one row per measure
/// (target, measured, met), then one per incident with its causes. Every row has the same
/// columns (RFC 4180 §2.4), so a spreadsheet reads both kinds into one table; lines end in CRLF
/// (§2.1).
///
/// The Portal keeps its own small writer rather than importing `API` for its `CSVTable`: the
/// portal must not depend on the API layer, and the rules fit in one function (`field`).
struct SLAReportCSV: Sendable, Equatable {
    /// The header row's names.
    static let columns = ["section", "measure", "target", "measured", "met", "start", "end", "causes"]

    /// The document.
    let text: String

    /// The report's rows; `standing` marks measures the month in progress is at risk of missing.
    init(report: SLAReport) {
        let judgement = report.judgement
        var rows = [Self.columns]
        for target in SLATarget.allCases {
            let (wanted, measured) = Self.figures(target, of: report)
            rows.append(["measure", target.label, wanted, measured, judgement.missed.contains(target) ? "no" : "yes", "", "", ""])
        }
        for incident in report.incidents {
            rows.append(["incident", incident.missed.map(\.label).joined(separator: "; "), "", SLAPages.measured(in: incident), "no",
                         SLAFormat.timestamp(incident.start), SLAFormat.timestamp(incident.end),
                         incident.causes.map { "\($0.text) (\($0.count))" }.joined(separator: "; ")])
        }
        text = rows.map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// The bytes, UTF-8.
    var bytes: [UInt8] { Array(text.utf8) }

    /// A target's wanted and measured figure as the CSV writes them (plain numbers a spreadsheet
    /// reads: `99`, `97.619`, `1123`).
    static func figures(_ target: SLATarget, of report: SLAReport) -> (String, String) {
        switch target {
        case .successRate: ("\(report.targets.successRate)", report.counts.successRate.map { "\($0)" } ?? "")
        case .latency: ("\(report.targets.p95LatencyMilliseconds)", report.p95.map(String.init) ?? "")
        case .availability: ("\(report.targets.availability)", report.availability.percent.map { "\($0)" } ?? "")
        }
    }

    /// One field, quoted when it holds a comma, a quote or a line break, with quotes doubled
    /// (RFC 4180 §2.6–2.7). Text that a spreadsheet would run as a formula (it starts with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return: OWASP "CSV Injection") gets a leading
    /// apostrophe — causes quote upstream errors, which anyone's shop can put words in.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, ["=", "+", "-", "@", "\t", "\r"].contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
