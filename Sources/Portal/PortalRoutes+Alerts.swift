import Foundation
import HTTP
import Monitoring
import Tenancy

// The partner's alerts (issue 7 §4): what is on fire now, most urgent first, answered from the
// page — acknowledge (escalation stops) or resolve with a comment — and what was resolved.
// Rules and contact chains have their own page (PortalRoutes+AlertSettings).
extension PortalRoutes {
    /// How many resolved alerts the history shows.
    static let resolvedAlertsShown = 50

    func registerAlertPages(on router: Router) {
        router.get("/alerts", page(signedIn(.alertsRead, Self.alertsPage)))
        router.post("/alerts/:alert/acknowledge", page(signedIn(.alertsWrite, Self.acknowledgeAlert)))
        router.post("/alerts/:alert/resolve", page(signedIn(.alertsWrite, Self.resolveAlert)))
        registerAlertSettingsPages(on: router)
    }

    /// `GET /alerts`.
    func alertsPage(_ visit: PortalVisit) throws -> Response {
        try renderAlerts(visit, errors: [:])
    }

    /// `POST /alerts/<id>/acknowledge`.
    func acknowledgeAlert(_ visit: PortalVisit) throws -> Response {
        try Alerts.acknowledge(try Self.id(visit, "alert"), at: visit.now, by: visit.caller, on: visit.connection)
        return Response.redirect(to: "/alerts?notice=" + PortalNotice.alertAcknowledged.rawValue)
    }

    /// `POST /alerts/<id>/resolve` with `comment`; a missing comment shows the page again with
    /// the error under that alert's field.
    func resolveAlert(_ visit: PortalVisit) throws -> Response {
        let id = try Self.id(visit, "alert")
        do {
            try Alerts.resolve(id, comment: visit.form["comment"] ?? "", at: visit.now, by: visit.caller, on: visit.connection)
            return Response.redirect(to: "/alerts?notice=" + PortalNotice.alertResolved.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderAlerts(visit, errors: [id: errors], status: .unprocessableContent)
        }
    }

    private func renderAlerts(_ visit: PortalVisit, errors: [UUID: FieldErrors], status: HTTPStatus = .ok) throws -> Response {
        let open = try Alerts.list(state: .open, for: visit.principal, on: visit.connection)
        let acknowledged = try Alerts.list(state: .acknowledged, for: visit.principal, on: visit.connection)
        let resolved = try Alerts.list(state: .resolved, limit: Self.resolvedAlertsShown, for: visit.principal,
                                       on: visit.connection)
        let answers = visit.principal.may(.alertsWrite)
        let active = try (open + acknowledged).map { alert in
            let history = try Alerts.get(alert.id, for: visit.principal, on: visit.connection).history
            return Self.row(alert, history: history, answers: answers, errors: errors[alert.id],
                            comment: errors[alert.id] == nil ? nil : visit.form["comment"])
        }
        return try visit.render(.alerts, AlertsView(
            chrome: visit.chrome(.alerts), csrfToken: visit.csrfToken, active: active,
            resolved: resolved.map { Self.row($0, history: [], answers: false, errors: nil, comment: nil) }), status: status)
    }

    static func row(_ alert: Alert, history: [AlertNotification], answers: Bool, errors: FieldErrors?,
                    comment: String?) -> AlertRowView {
        let path = "/alerts/\(alert.id.uuidString.lowercased())"
        let unresolved = alert.state != .resolved
        return AlertRowView(
            id: alert.id.uuidString.lowercased(), impact: alert.impact.title, impactCode: alert.impact.rawValue,
            title: alert.kind.title, customerName: alert.customerName, subject: alert.subject, summary: alert.summary,
            state: Self.stateName(alert), isOpen: alert.state == .open, opened: PortalFormat.minute(alert.openedAt),
            lastSeen: PortalFormat.minute(alert.lastSeenAt), level: alert.level,
            acknowledged: alert.acknowledgedAt.map(PortalFormat.minute), resolved: alert.resolvedAt.map(PortalFormat.minute),
            resolutionComment: alert.resolutionComment,
            acknowledgeAction: answers && alert.state == .open ? path + "/acknowledge" : nil,
            resolveAction: answers && unresolved ? path + "/resolve" : nil,
            commentField: answers && unresolved
                ? TextAreaView(name: "comment", label: "Comment", value: comment, errorMessage: errors?["comment"],
                               isRequired: true, hint: "What was done, for whoever reads the history")
                : nil,
            notices: history.map { notice in
                AlertNoticeRowView(when: PortalFormat.minute(notice.sentAt), what: Self.noticeName(notice),
                                   channel: notice.channel == .email ? "E-mail" : "Webhook", failed: !notice.succeeded,
                                   error: notice.error)
            },
            hasNotices: !history.isEmpty)
    }

    static func stateName(_ alert: Alert) -> String {
        switch alert.state {
        case .open: "Open"
        case .acknowledged: "Acknowledged"
        case .resolved: alert.resolution == .cleared ? "Cleared" : "Resolved"
        }
    }

    static func noticeName(_ notice: AlertNotification) -> String {
        switch notice.kind {
        case .opened: "Opened, level \(notice.level)"
        case .escalated: "Escalated to level \(notice.level)"
        case .cleared: "Cleared"
        }
    }
}
