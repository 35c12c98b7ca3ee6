import Foundation
import HTTP
import Monitoring
import Tenancy

/// `/alert-rules` and `/alert-contacts` (issue 7 §4): what the evaluator watches and whom it
/// tells, in order. Reading is alerts:read, changing alerts:write (admins and operators); every
/// change is audited by the stores. A webhook contact's signing secret is write-only: sealed
/// with the deployment's key like connection credentials, never returned.
enum AlertRulesAPI {
    /// A rule as written: `threshold` is an exact decimal string; absent numbers take
    /// Migrations/0018's defaults, an absent impact the flow's (``NewAlertRule``).
    struct CreateRuleBody: StrictlyDecodable {
        var name: String
        var scope: String
        var customerID: UUID?
        var flow: String?
        var kind: String
        var threshold: String
        var windowMinutes: Int?
        var minimumVolume: Int?
        var impact: String?
        var escalateAfterMinutes: Int?
        var enabled: Bool?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, scope, customerID = "customer_id", flow, kind, threshold, windowMinutes = "window_minutes"
            case minimumVolume = "minimum_volume", impact, escalateAfterMinutes = "escalate_after_minutes", enabled
        }
    }

    /// A partial change: absent members keep their value; `customer_id`, `flow` and `impact`
    /// may be set to null (null impact: the default again).
    struct UpdateRuleBody: StrictlyDecodable {
        var name: String?
        var scope: String?
        var customerID: UUID??
        var flow: String??
        var kind: String?
        var threshold: String?
        var windowMinutes: Int?
        var minimumVolume: Int?
        var impact: String??
        var escalateAfterMinutes: Int?
        var enabled: Bool?
        typealias CodingKeys = CreateRuleBody.CodingKeys

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            scope = try container.decodeIfPresent(String.self, forKey: .scope)
            customerID = try container.decodePatch(UUID.self, forKey: .customerID)
            flow = try container.decodePatch(String.self, forKey: .flow)
            kind = try container.decodeIfPresent(String.self, forKey: .kind)
            threshold = try container.decodeIfPresent(String.self, forKey: .threshold)
            windowMinutes = try container.decodeIfPresent(Int.self, forKey: .windowMinutes)
            minimumVolume = try container.decodeIfPresent(Int.self, forKey: .minimumVolume)
            impact = try container.decodePatch(String.self, forKey: .impact)
            escalateAfterMinutes = try container.decodeIfPresent(Int.self, forKey: .escalateAfterMinutes)
            enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
        }
    }

    struct CreateContactBody: StrictlyDecodable {
        var customerID: UUID?
        var position: Int
        var channel: String
        var address: String
        var signingSecret: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case customerID = "customer_id", position, channel, address, signingSecret = "signing_secret"
        }
    }

    static let ruleParameter = EndpointParameter(path: "rule", .uuid, description: "The alert rule.")
    static let contactParameter = EndpointParameter(path: "contact", .uuid, description: "The alert contact.")

    static func endpoints(_ gateway: TenantGateway, secretBox: SecretBox?) -> [Endpoint] {
        ruleEndpoints(gateway) + contactEndpoints(gateway, secretBox: secretBox)
    }

    static func ruleEndpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/alert-rules", operationID: "listAlertRules", summary: "The partner's alert rules",
                             tag: "alerts", permission: .alertsRead, response: AlertJSON.ruleList) { context in
                let rules = try AlertRules.list(for: context.principal, on: context.connection)
                return try .json(AlertJSON.ListBody(data: rules.map(AlertJSON.RuleBody.init)))
            },
            gateway.endpoint(.post, "/alert-rules", operationID: "createAlertRule",
                             summary: "Watch a failure rate, a backlog, dead messages, paused connections or the SLA",
                             tag: "alerts", permission: .alertsWrite, requestBody: AlertJSON.createRule, successStatus: .created,
                             response: AlertJSON.rule, acceptsIdempotencyKey: true, problems: [.conflict]) { context in
                let body = try context.request.decodeJSON(CreateRuleBody.self)
                let rule = try Self.rule(name: body.name, scope: body.scope, customerID: body.customerID, flow: body.flow,
                                         kind: body.kind, threshold: body.threshold, windowMinutes: body.windowMinutes ?? 15,
                                         minimumVolume: body.minimumVolume ?? 10, impact: body.impact,
                                         escalateAfterMinutes: body.escalateAfterMinutes ?? 30, enabled: body.enabled ?? true)
                let created = try AlertRules.create(rule, by: context.caller, on: context.connection)
                return try .json(AlertJSON.RuleBody(rule: created), status: .created)
            },
            gateway.endpoint(.patch, "/alert-rules/{rule}", operationID: "updateAlertRule",
                             summary: "Change a rule; its open alerts are judged by the new settings at the next evaluation",
                             tag: "alerts", permission: .alertsWrite, parameters: [ruleParameter],
                             requestBody: AlertJSON.updateRule, response: AlertJSON.rule, problems: [.conflict]) { context in
                let id = try context.request.uuidParameter("rule")
                let body = try context.request.decodeJSON(UpdateRuleBody.self)
                let old = try AlertRules.get(id, for: context.principal, on: context.connection)
                let rule = try Self.rule(
                    name: body.name ?? old.name, scope: body.scope ?? old.scope.rawValue,
                    customerID: body.customerID ?? old.customerID, flow: body.flow ?? old.flow, kind: body.kind ?? old.kind.rawValue,
                    threshold: body.threshold ?? DecimalText.format(old.threshold, minimumFractionDigits: 0),
                    windowMinutes: body.windowMinutes ?? old.windowMinutes, minimumVolume: body.minimumVolume ?? old.minimumVolume,
                    impact: body.impact ?? old.impact.rawValue,
                    escalateAfterMinutes: body.escalateAfterMinutes ?? old.escalateAfterMinutes, enabled: body.enabled ?? old.enabled)
                let updated = try AlertRules.update(id, to: rule, by: context.caller, on: context.connection)
                return try .json(AlertJSON.RuleBody(rule: updated))
            },
            gateway.endpoint(.delete, "/alert-rules/{rule}", operationID: "deleteAlertRule",
                             summary: "Delete a rule with its alerts and their history", tag: "alerts",
                             permission: .alertsWrite, parameters: [ruleParameter], successStatus: .noContent) { context in
                try AlertRules.delete(try context.request.uuidParameter("rule"), by: context.caller, on: context.connection)
                return Response(status: .noContent)
            },
        ]
    }

    static func contactEndpoints(_ gateway: TenantGateway, secretBox: SecretBox?) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/alert-contacts", operationID: "listAlertContacts",
                             summary: "The escalation chains: the partner's, then each customer's, by position", tag: "alerts",
                             permission: .alertsRead, response: AlertJSON.contactList) { context in
                let contacts = try AlertContacts.list(for: context.principal, on: context.connection)
                return try .json(AlertJSON.ListBody(data: contacts.map(AlertJSON.ContactBody.init)))
            },
            gateway.endpoint(.post, "/alert-contacts", operationID: "createAlertContact",
                             summary: "Add an e-mail address or a chat webhook to an escalation chain", tag: "alerts",
                             permission: .alertsWrite, requestBody: AlertJSON.createContact, successStatus: .created,
                             response: AlertJSON.contact, acceptsIdempotencyKey: true, problems: [.conflict]) { context in
                let body = try context.request.decodeJSON(CreateContactBody.self)
                var validation = Validation()
                validation.oneOf(body.channel, AlertJSON.channels, at: "/channel")
                try validation.finish()
                guard let secretBox else {
                    throw ProblemError(status: .serviceUnavailable, slug: "secrets-unavailable", title: "Contacts cannot be stored",
                                       detail: "This server was started without COUNTERPART_MASTER_KEY.")
                }
                let contact = NewAlertContact(customerID: body.customerID, position: body.position,
                                              channel: AlertContact.Channel(rawValue: body.channel) ?? .email, address: body.address)
                let created = try AlertContacts.create(contact, signingSecret: body.signingSecret.map { SecretValue($0) },
                                                       box: secretBox, by: context.caller, on: context.connection)
                return try .json(AlertJSON.ContactBody(contact: created), status: .created)
            },
            gateway.endpoint(.delete, "/alert-contacts/{contact}", operationID: "deleteAlertContact",
                             summary: "Remove a contact and its signing secret; its history keeps channel and level",
                             tag: "alerts", permission: .alertsWrite, parameters: [contactParameter],
                             successStatus: .noContent) { context in
                try AlertContacts.delete(try context.request.uuidParameter("contact"), by: context.caller, on: context.connection)
                return Response(status: .noContent)
            },
        ]
    }

    /// A rule from the API's text, enumerations and the threshold checked here (422 naming the
    /// field); the rest by ``NewAlertRule/problems`` in the store.
    static func rule(name: String, scope: String, customerID: UUID?, flow: String?, kind: String, threshold: String,
                     windowMinutes: Int, minimumVolume: Int, impact: String?, escalateAfterMinutes: Int,
                     enabled: Bool) throws -> NewAlertRule {
        var validation = Validation()
        validation.oneOf(scope, AlertJSON.scopes, at: "/scope")
        validation.oneOf(kind, AlertJSON.kinds, at: "/kind")
        if let impact { validation.oneOf(impact, AlertJSON.impacts, at: "/impact") }
        let parsed = DecimalText.parse(threshold)
        validation.require(parsed != nil, at: "/threshold", "must be a decimal string such as \"5\" or \"2.5\"")
        try validation.finish()
        return NewAlertRule(name: name, scope: AlertRule.Scope(rawValue: scope) ?? .partner, customerID: customerID, flow: flow,
                            kind: AlertKind(rawValue: kind) ?? .failureRate, threshold: parsed ?? 0,
                            windowMinutes: windowMinutes, minimumVolume: minimumVolume,
                            impact: impact.flatMap(AlertImpact.init(rawValue:)), escalateAfterMinutes: escalateAfterMinutes,
                            enabled: enabled)
    }
}
