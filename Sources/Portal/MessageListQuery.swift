import Flows
import Foundation
import Tenancy

/// The message list's filter as its GET form sends it:
/// `?status=dead&flow=order-to-erp&system=woocommerce&since=2026-11-01&until=2026-11-30&reference=123`.
///
/// One parser serves the list, its paging links and the bulk retry — whose form posts to
/// the list's own query, so "Retry all matching" retries exactly what the page was filtered by.
/// A value that cannot be read is reported by its field and the list stays empty until it is
/// fixed: a filter is never silently widened, least of all under a bulk retry.
struct MessageListQuery: Sendable {
    /// The filter for `Messages.list` (its customer set by the caller).
    var filter: MessageFilter
    /// The filter's fields as typed, by name, for the form and the links.
    let typed: [(name: String, value: String)]
    /// The fields that could not be read.
    let problems: [FieldProblem]

    /// The query names the form uses, in the order links carry them.
    static let names = ["status", "flow", "system", "since", "until", "reference"]

    /// Reads `parameters`; `customerID` narrows to one customer (nil: the principal's reach).
    init(_ parameters: [String: String], customerID: UUID?) {
        var typed: [(name: String, value: String)] = []
        for name in Self.names {
            // The longest reference or system id we keep is far below 200 characters.
            if let value = parameters[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                typed.append((name, String(value.prefix(200))))
            }
        }
        var problems: [FieldProblem] = []
        func value(_ name: String) -> String? { typed.first { $0.name == name }?.value }
        var filter = MessageFilter(customerID: customerID, sourceSystem: value("system"), reference: value("reference"))
        if let status = value("status") {
            if let known = Message.Status(rawValue: status) { filter.statuses = [known] } else {
                problems.append(FieldProblem(field: "status", message: "is not a status messages have"))
            }
        }
        if let flow = value("flow") {
            if let known = FlowKind(validating: flow) { filter.flow = known } else {
                problems.append(FieldProblem(field: "flow", message: "is not a flow"))
            }
        }
        for name in ["since", "until"] {
            guard let text = value(name) else { continue }
            guard let day = PortalRoutes.utcDay(text) else {
                problems.append(FieldProblem(field: name, message: "must be a date written as 2026-11-30"))
                continue
            }
            // `until` includes its whole day.
            if name == "since" { filter.receivedFrom = day } else { filter.receivedBefore = day.addingTimeInterval(86_400) }
        }
        self.filter = filter
        self.typed = typed
        self.problems = problems
    }

    /// The typed filter as a query string without `?` (empty when unfiltered).
    var queryString: String {
        typed.map { "\($0.name)=\(PortalRoutes.percentEncoded($0.value))" }.joined(separator: "&")
    }

    /// `path` with this filter, and `extra` after it.
    func link(_ path: String, _ extra: String? = nil) -> String {
        let parts = [queryString, extra ?? ""].filter { !$0.isEmpty }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }

    /// What the field `name` holds as typed.
    func typedValue(_ name: String) -> String? { typed.first { $0.name == name }?.value }
}
