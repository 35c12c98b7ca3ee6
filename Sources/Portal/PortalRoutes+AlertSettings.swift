import Foundation
import HTTP
import Monitoring
import Tenancy

// The alert rules and escalation chains (issue 7 §4): listed for whoever reads alerts; added,
// switched on and off, and removed by whoever answers them. A webhook's signing secret goes
// in here and never comes back out (sealed like connection credentials).
extension PortalRoutes {
    func registerAlertSettingsPages(on router: Router) {
        router.get("/alerts/settings", page(signedIn(.alertsRead, Self.alertSettings)))
        router.post("/alerts/rules", page(signedIn(.alertsWrite, Self.createAlertRule)))
        router.post("/alerts/rules/:rule/toggle", page(signedIn(.alertsWrite, Self.toggleAlertRule)))
        router.post("/alerts/rules/:rule/delete", page(signedIn(.alertsWrite, Self.deleteAlertRule)))
        router.post("/alerts/contacts", page(signedIn(.alertsWrite, Self.createAlertContact)))
        router.post("/alerts/contacts/:contact/delete", page(signedIn(.alertsWrite, Self.deleteAlertContact)))
    }

    static let alertSettingsSaved = "/alerts/settings?notice=" + PortalNotice.alertSettingsSaved.rawValue

    /// `GET /alerts/settings`.
    func alertSettings(_ visit: PortalVisit) throws -> Response {
        try renderAlertSettings(visit, errors: FieldErrors())
    }

    /// `POST /alerts/rules`: numbers the form leaves blank take Migrations/0018's defaults.
    func createAlertRule(_ visit: PortalVisit) throws -> Response {
        let customerID = visit.field("customer_id").flatMap(UUID.init(uuidString:))
        let flow = visit.field("flow")
        let scope: AlertRule.Scope = flow != nil ? .flow : customerID != nil ? .customer : .partner
        var problems: [FieldProblem] = []
        func number(_ name: String, default fallback: Int) -> Int {
            guard let text = visit.field(name) else { return fallback }
            guard let value = Int(text) else {
                problems.append(FieldProblem(field: name, message: "must be a whole number"))
                return fallback
            }
            return value
        }
        let threshold = visit.field("threshold").flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
        if threshold == nil { problems.append(FieldProblem(field: "threshold", message: "must be a number such as 5 or 2.5")) }
        let rule = NewAlertRule(name: visit.field("name") ?? "", scope: scope, customerID: customerID, flow: flow,
                                kind: visit.field("kind").flatMap(AlertKind.init(rawValue:)) ?? .deadMessages,
                                threshold: threshold ?? 0, windowMinutes: number("window_minutes", default: 15),
                                minimumVolume: number("minimum_volume", default: 10),
                                impact: visit.field("impact").flatMap(AlertImpact.init(rawValue:)),
                                escalateAfterMinutes: number("escalate_after_minutes", default: 30))
        do {
            if !problems.isEmpty { throw TenancyError.invalid(problems) }
            try AlertRules.create(rule, by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.alertSettingsSaved)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderAlertSettings(visit, errors: errors, status: .unprocessableContent)
        }
    }

    /// `POST /alerts/rules/<id>/toggle`: on becomes off and off on.
    func toggleAlertRule(_ visit: PortalVisit) throws -> Response {
        let rule = try AlertRules.get(try Self.id(visit, "rule"), for: visit.principal, on: visit.connection)
        var changed = NewAlertRule(name: rule.name, scope: rule.scope, customerID: rule.customerID, flow: rule.flow, kind: rule.kind,
                                   threshold: rule.threshold, windowMinutes: rule.windowMinutes, minimumVolume: rule.minimumVolume,
                                   impact: rule.impact, escalateAfterMinutes: rule.escalateAfterMinutes, enabled: rule.enabled)
        changed.enabled.toggle()
        try AlertRules.update(rule.id, to: changed, by: visit.caller, on: visit.connection)
        return Response.redirect(to: Self.alertSettingsSaved)
    }

    /// `POST /alerts/rules/<id>/delete`: the rule, its alerts and their history.
    func deleteAlertRule(_ visit: PortalVisit) throws -> Response {
        try AlertRules.delete(try Self.id(visit, "rule"), by: visit.caller, on: visit.connection)
        return Response.redirect(to: Self.alertSettingsSaved)
    }

    /// `POST /alerts/contacts`: a place in the partner's chain, or a customer's own.
    func createAlertContact(_ visit: PortalVisit) throws -> Response {
        do {
            guard let secretBox else {
                throw TenancyError.invalid([FieldProblem(field: "signing_secret",
                                                         message: "cannot be stored: this server has no master key")])
            }
            guard let position = visit.field("position").flatMap({ Int($0) }) else {
                throw TenancyError.invalid([FieldProblem(field: "position", message: "must be a whole number from 1")])
            }
            let contact = NewAlertContact(customerID: visit.field("customer_id").flatMap(UUID.init(uuidString:)), position: position,
                                          channel: visit.field("channel").flatMap(AlertContact.Channel.init(rawValue:)) ?? .email,
                                          address: visit.field("address") ?? "")
            try AlertContacts.create(contact, signingSecret: visit.field("signing_secret").map { SecretValue($0) }, box: secretBox,
                                     by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.alertSettingsSaved)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderAlertSettings(visit, errors: errors, status: .unprocessableContent)
        }
    }

    /// `POST /alerts/contacts/<id>/delete`.
    func deleteAlertContact(_ visit: PortalVisit) throws -> Response {
        try AlertContacts.delete(try Self.id(visit, "contact"), by: visit.caller, on: visit.connection)
        return Response.redirect(to: Self.alertSettingsSaved)
    }

    private func renderAlertSettings(_ visit: PortalVisit, errors: FieldErrors, status: HTTPStatus = .ok) throws -> Response {
        let canManage = visit.principal.may(.alertsWrite)
        let customers = try Customers.list(for: visit.principal, after: nil, limit: 500, on: visit.connection)
        let names = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0.name) })
        let rules = try AlertRules.list(for: visit.principal, on: visit.connection).map { rule in
            let path = "/alerts/rules/\(rule.id.uuidString.lowercased())"
            let over = [rule.customerID.map { names[$0] ?? "a customer" } ?? "Every customer", rule.flow].compactMap { $0 }
            return AlertRuleRowView(name: rule.name, kind: rule.kind.title, over: over.joined(separator: " · "),
                                    threshold: "\(rule.threshold)", impact: rule.impact.title,
                                    escalateAfter: rule.escalateAfterMinutes, enabled: rule.enabled,
                                    toggleAction: canManage ? path + "/toggle" : nil, deleteAction: canManage ? path + "/delete" : nil)
        }
        let contacts = try AlertContacts.list(for: visit.principal, on: visit.connection).map { contact in
            AlertContactRowView(chain: contact.customerID.map { names[$0] ?? "a customer" } ?? "Partner-wide",
                                position: contact.position, channel: contact.channel == .email ? "E-mail" : "Webhook",
                                address: contact.address, hasSigningSecret: contact.hasSigningSecret,
                                deleteAction: canManage ? "/alerts/contacts/\(contact.id.uuidString.lowercased())/delete" : nil)
        }
        let customerChoices = [("", "Every customer (partner-wide)")] + customers.map { ($0.id.uuidString.lowercased(), $0.name) }
        func field(_ name: String, _ label: String, required: Bool = false, hint: String? = nil,
                   type: String = "text") -> FormFieldView {
            FormFieldView(name: name, label: label, inputType: type,
                          value: name == "signing_secret" ? nil : visit.field(name), errorMessage: errors[name],
                          isRequired: required, hint: hint)
        }
        return try visit.render(.alertSettings, AlertSettingsView(
            chrome: visit.chrome(.alerts), csrfToken: visit.csrfToken, rules: rules, contacts: contacts, canManage: canManage,
            ruleFields: [
                field("name", "Name", required: true),
                field("flow", "Flow", hint: "Blank for all flows; a flow needs a customer (order-to-erp, inventory-sync…)"),
                field("threshold", "Threshold", required: true,
                      hint: "Percent for failure rate, minutes for backlog age, a count for dead messages; 0 for the others"),
                field("window_minutes", "Window (minutes)", hint: "Blank: 15"),
                field("escalate_after_minutes", "Escalate after (minutes of support time)", hint: "Blank: 30"),
            ],
            ruleSelects: [
                SelectFieldView(name: "kind", label: "Watch", choices: AlertKind.allCases.map { ($0.rawValue, $0.title) },
                                selected: visit.field("kind"), errorMessage: errors["kind"]),
                SelectFieldView(name: "customer_id", label: "Customer", choices: customerChoices,
                                selected: visit.field("customer_id"), errorMessage: errors["customer_id"]),
                SelectFieldView(name: "impact", label: "Impact", choices: [("", "From the flow")]
                                    + AlertImpact.allCases.map { ($0.rawValue, $0.title) },
                                selected: visit.field("impact"), errorMessage: errors["impact"]),
            ],
            contactFields: [
                field("position", "Position in the chain", required: true, hint: "1 is told first"),
                field("address", "E-mail address or webhook URL", required: true),
                field("signing_secret", "Webhook signing secret", hint: "Optional, 16 to 256 characters; never shown again",
                      type: "password"),
            ],
            contactSelects: [
                SelectFieldView(name: "channel", label: "Channel", choices: [("email", "E-mail"), ("webhook", "Chat webhook")],
                                selected: visit.field("channel"), errorMessage: errors["channel"]),
            ]), status: status)
    }
}
