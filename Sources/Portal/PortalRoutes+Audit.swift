import Foundation
import HTTP
import Tenancy

// The audit log viewer: what changed, who changed it, from where, with before and after.
extension PortalRoutes {
    static let auditEntriesPerPage = 50

    func registerAuditPages(on router: Router) {
        router.get("/audit", page(signedIn(.auditRead, Self.auditLog)))
    }

    /// `GET /audit?action=…&target_type=…&since=YYYY-MM-DD&until=YYYY-MM-DD&before=<id>`.
    /// Dates are whole UTC days; `until` includes its day. A filter that cannot be read is
    /// shown by its field and the list is not filtered by it — never silently widened: the
    /// list is empty until the filter is fixed.
    func auditLog(_ visit: PortalVisit) throws -> Response {
        let query = visit.request.queryParameters
        func text(_ name: String) -> String? {
            query[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        }
        var problems: [FieldProblem] = []
        func day(_ name: String) -> Date? {
            guard let value = text(name) else { return nil }
            guard let date = Self.utcDay(value) else {
                problems.append(FieldProblem(field: name, message: "must be a date written as 2026-11-30"))
                return nil
            }
            return date
        }
        let since = day("since")
        let until = day("until").map { $0.addingTimeInterval(86_400) }
        let cursor = query["before"].flatMap(UUID.init(uuidString:))
        let filter = AuditFilter(action: text("action"), targetType: text("target_type"), since: since, until: until)
        let found = problems.isEmpty
            ? try AuditLog.list(filter, after: cursor, limit: Self.auditEntriesPerPage + 1, on: visit.connection) : []
        let shown = found.prefix(Self.auditEntriesPerPage)
        let errors = FieldErrors(problems)
        let filters = ["action", "target_type", "since", "until"].compactMap { name in
            text(name).map { "\(name)=\(Self.percentEncoded($0))" }
        }.joined(separator: "&")
        let base = "/audit?" + (filters.isEmpty ? "" : filters + "&")
        return try visit.render(.audit, AuditLogView(
            chrome: visit.chrome(.audit),
            actionField: FormFieldView(name: "action", label: "Action", value: text("action"), isRequired: false,
                                       hint: "Exactly, e.g. customer.change_tier"),
            targetTypeField: FormFieldView(name: "target_type", label: "Target type", value: text("target_type"),
                                           isRequired: false, hint: "e.g. customer, tier, user"),
            sinceField: FormFieldView(name: "since", label: "From (UTC day)", inputType: "date", value: text("since"),
                                      errorMessage: errors["since"], isRequired: false),
            untilField: FormFieldView(name: "until", label: "To (UTC day, inclusive)", inputType: "date", value: text("until"),
                                      errorMessage: errors["until"], isRequired: false),
            entries: shown.map { entry in
                AuditRowView(when: PortalFormat.minute(entry.occurredAt), who: entry.actorEmail ?? entry.actorKind,
                             role: entry.actorRole, action: entry.action,
                             target: [entry.targetType, entry.targetID].compactMap { $0 }.joined(separator: " "),
                             before: entry.before, after: entry.after, requestID: entry.requestID,
                             remoteAddress: entry.remoteAddress)
            },
            olderPage: found.count > Self.auditEntriesPerPage ? base + "before=\(shown.last!.id.uuidString.lowercased())" : nil,
            newestPage: cursor == nil ? nil : String(base.dropLast())))
    }

    /// Midnight UTC of `2026-11-30`; nil for anything else.
    static func utcDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }
}
