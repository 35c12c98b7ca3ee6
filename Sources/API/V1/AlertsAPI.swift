import Foundation
import HTTP
import Monitoring
import Tenancy

/// `/alerts` (issue 7 §4): the partner's alerts, open first and by impact, one with its
/// notification history, and answering them — acknowledging stops escalation, resolving closes
/// one by hand with a comment. Both answers are audited by the store.
///
/// Its own permissions rather than messages:read/write: an alert is the partner's on-call work,
/// and its text names contacts and other customers' systems, so customer viewers (who read
/// their messages) must not see alerts; alerts:write goes to admins and operators, who answer
/// them.
enum AlertsAPI {
    struct ResolveBody: StrictlyDecodable {
        var comment: String
        enum CodingKeys: String, CodingKey, CaseIterable { case comment }
    }

    static let alertParameter = EndpointParameter(path: "alert", .uuid, description: "The alert.")
    static let stateParameter = EndpointParameter(query: "state", .enumeration(["open", "acknowledged", "resolved", "all"]),
                                                  description: "open (the default), acknowledged, resolved or all")

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/alerts", operationID: "listAlerts",
                             summary: "The partner's alerts: open first, then by impact (order capture first), newest first",
                             tag: "alerts", permission: .alertsRead, parameters: [stateParameter],
                             response: AlertJSON.alertList) { context in
                let state = try Self.state(context.request.queryParameters["state"])
                let alerts = try Alerts.list(state: state, limit: 1000, for: context.principal, on: context.connection)
                return try .json(AlertJSON.ListBody(data: alerts.map { AlertJSON.AlertBody(alert: $0) }))
            },
            gateway.endpoint(.get, "/alerts/{alert}", operationID: "getAlert",
                             summary: "One alert with every notification sent or tried, oldest first", tag: "alerts",
                             permission: .alertsRead, parameters: [alertParameter], response: AlertJSON.alert) { context in
                let found = try Alerts.get(try context.request.uuidParameter("alert"), for: context.principal,
                                           on: context.connection)
                return try .json(AlertJSON.AlertBody(alert: found.alert, notifications: found.history))
            },
            gateway.endpoint(.post, "/alerts/{alert}/acknowledge", operationID: "acknowledgeAlert",
                             summary: "Take an open alert: escalation stops (audited); acknowledging twice changes nothing",
                             tag: "alerts", permission: .alertsWrite, parameters: [alertParameter], response: AlertJSON.alert,
                             problems: [.conflict]) { context in
                let alert = try Alerts.acknowledge(try context.request.uuidParameter("alert"), at: context.now,
                                                   by: context.caller, on: context.connection)
                return try .json(AlertJSON.AlertBody(alert: alert))
            },
            gateway.endpoint(.post, "/alerts/{alert}/resolve", operationID: "resolveAlert",
                             summary: "Close an alert by hand, with a comment (audited)", tag: "alerts",
                             permission: .alertsWrite, parameters: [alertParameter], requestBody: AlertJSON.resolve,
                             response: AlertJSON.alert, problems: [.conflict]) { context in
                let body = try context.request.decodeJSON(ResolveBody.self)
                let alert = try Alerts.resolve(try context.request.uuidParameter("alert"), comment: body.comment,
                                               at: context.now, by: context.caller, on: context.connection)
                return try .json(AlertJSON.AlertBody(alert: alert))
            },
        ]
    }

    /// The `state` query parameter: nil for all; 400 naming the parameter when it is none of them.
    static func state(_ text: String?) throws(ProblemError) -> AlertEscalation.State? {
        switch text ?? "open" {
        case "all": return nil
        case let value:
            guard let state = AlertEscalation.State(rawValue: value) else {
                throw ProblemError.invalidParameters([FieldError(field: "state",
                                                                 message: "must be open, acknowledged, resolved or all")])
            }
            return state
        }
    }
}
