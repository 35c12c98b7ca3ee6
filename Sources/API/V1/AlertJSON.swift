import Foundation
import Monitoring

/// Alerts, their notification history, rules and contacts as the API shows them: snake_case,
/// measured values and thresholds as exact decimal strings (DecimalText), and never a
/// contact's signing secret — only whether one is stored.
enum AlertJSON {
    struct AlertBody: Encodable {
        var alert: Alert
        /// Sent by `GET /alerts/{alert}` only: the list stays one row per alert.
        var notifications: [AlertNotification]?

        enum CodingKeys: String, CodingKey {
            case id, ruleID = "rule_id", ruleName = "rule_name", kind, customerID = "customer_id", customerName = "customer_name"
            case flow, subject, impact, state, openedAt = "opened_at", lastSeenAt = "last_seen_at", value, summary, level
            case nextNotificationAt = "next_notification_at", acknowledgedAt = "acknowledged_at", acknowledgedBy = "acknowledged_by"
            case resolvedAt = "resolved_at", resolvedBy = "resolved_by", resolution, resolutionComment = "resolution_comment"
            case notifications
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(alert.id, forKey: .id)
            try container.encode(alert.ruleID, forKey: .ruleID)
            try container.encode(alert.ruleName, forKey: .ruleName)
            try container.encode(alert.kind.rawValue, forKey: .kind)
            try container.encode(alert.customerID, forKey: .customerID)
            try container.encode(alert.customerName, forKey: .customerName)
            try container.encode(alert.flow, forKey: .flow)
            try container.encode(alert.subject, forKey: .subject)
            try container.encode(alert.impact.rawValue, forKey: .impact)
            try container.encode(alert.state.rawValue, forKey: .state)
            try container.encode(alert.openedAt, forKey: .openedAt)
            try container.encode(alert.lastSeenAt, forKey: .lastSeenAt)
            try container.encode(DecimalText.format(alert.value, minimumFractionDigits: 0), forKey: .value)
            try container.encode(alert.summary, forKey: .summary)
            try container.encode(alert.level, forKey: .level)
            try container.encode(alert.nextNotificationAt, forKey: .nextNotificationAt)
            try container.encode(alert.acknowledgedAt, forKey: .acknowledgedAt)
            try container.encode(alert.acknowledgedBy, forKey: .acknowledgedBy)
            try container.encode(alert.resolvedAt, forKey: .resolvedAt)
            try container.encode(alert.resolvedBy, forKey: .resolvedBy)
            try container.encode(alert.resolution?.rawValue, forKey: .resolution)
            try container.encode(alert.resolutionComment, forKey: .resolutionComment)
            if let notifications {
                try container.encode(notifications.map(NotificationBody.init), forKey: .notifications)
            }
        }
    }

    struct NotificationBody: Encodable {
        var notification: AlertNotification

        enum CodingKeys: String, CodingKey {
            case id, contactID = "contact_id", channel, level, kind, sentAt = "sent_at", outcome, error
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(notification.id, forKey: .id)
            try container.encode(notification.contactID, forKey: .contactID)
            try container.encode(notification.channel.rawValue, forKey: .channel)
            try container.encode(notification.level, forKey: .level)
            try container.encode(notification.kind.rawValue, forKey: .kind)
            try container.encode(notification.sentAt, forKey: .sentAt)
            try container.encode(notification.succeeded ? "sent" : "failed", forKey: .outcome)
            try container.encode(notification.error, forKey: .error)
        }
    }

    struct RuleBody: Encodable {
        var rule: AlertRule

        enum CodingKeys: String, CodingKey {
            case id, name, scope, customerID = "customer_id", flow, kind, threshold, windowMinutes = "window_minutes"
            case minimumVolume = "minimum_volume", impact, escalateAfterMinutes = "escalate_after_minutes", enabled
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rule.id, forKey: .id)
            try container.encode(rule.name, forKey: .name)
            try container.encode(rule.scope.rawValue, forKey: .scope)
            try container.encode(rule.customerID, forKey: .customerID)
            try container.encode(rule.flow, forKey: .flow)
            try container.encode(rule.kind.rawValue, forKey: .kind)
            try container.encode(DecimalText.format(rule.threshold, minimumFractionDigits: 0), forKey: .threshold)
            try container.encode(rule.windowMinutes, forKey: .windowMinutes)
            try container.encode(rule.minimumVolume, forKey: .minimumVolume)
            try container.encode(rule.impact.rawValue, forKey: .impact)
            try container.encode(rule.escalateAfterMinutes, forKey: .escalateAfterMinutes)
            try container.encode(rule.enabled, forKey: .enabled)
        }
    }

    struct ContactBody: Encodable {
        var contact: AlertContact

        enum CodingKeys: String, CodingKey {
            case id, customerID = "customer_id", position, channel, address, hasSigningSecret = "has_signing_secret"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(contact.id, forKey: .id)
            try container.encode(contact.customerID, forKey: .customerID)
            try container.encode(contact.position, forKey: .position)
            try container.encode(contact.channel.rawValue, forKey: .channel)
            try container.encode(contact.address, forKey: .address)
            try container.encode(contact.hasSigningSecret, forKey: .hasSigningSecret)
        }
    }

    struct ListBody<Item: Encodable>: Encodable {
        var data: [Item]
    }

    static let states = AlertEscalation.State.allCases.map(\.rawValue)
    static let kinds = AlertKind.allCases.map(\.rawValue)
    static let impacts = AlertImpact.allCases.map(\.rawValue)
    static let scopes = AlertRule.Scope.allCases.map(\.rawValue)
    static let channels = AlertContact.Channel.allCases.map(\.rawValue)
    static let flowSchema = JSONSchema.string(minLength: 2, maxLength: 40, pattern: "^[a-z][a-z0-9-]{1,39}$")

    static let notification = NamedSchema("AlertNotification", .object([
        .init("id", .integer),
        .init("contact_id", JSONSchema.uuid.nullable),
        .init("channel", .enumeration(channels)),
        .init("level", .integer(minimum: 0)),
        .init("kind", .enumeration(["opened", "escalated", "cleared"])),
        .init("sent_at", .dateTime),
        .init("outcome", .enumeration(["sent", "failed"])),
        .init("error", JSONSchema.string.nullable),
    ]).described("One notice sent (or tried) to one contact: level 0 is the \"cleared\" notice."))

    static let alert = NamedSchema("Alert", .object([
        .init("id", .uuid),
        .init("rule_id", .uuid),
        .init("rule_name", .string),
        .init("kind", .enumeration(kinds)),
        .init("customer_id", .uuid),
        .init("customer_name", .string),
        .init("flow", JSONSchema.string.nullable),
        .init("subject", .string),
        .init("impact", .enumeration(impacts)),
        .init("state", .enumeration(states)),
        .init("opened_at", .dateTime),
        .init("last_seen_at", .dateTime),
        .init("value", DecimalText.schema(signed: true, "What was measured at the last evaluation: percent, minutes or a count.")),
        .init("summary", .string),
        .init("level", .integer(minimum: 0)),
        .init("next_notification_at", JSONSchema.dateTime.nullable),
        .init("acknowledged_at", JSONSchema.dateTime.nullable),
        .init("acknowledged_by", JSONSchema.uuid.nullable),
        .init("resolved_at", JSONSchema.dateTime.nullable),
        .init("resolved_by", JSONSchema.uuid.nullable),
        .init("resolution", JSONSchema.enumeration(["cleared", "person"]).nullable),
        .init("resolution_comment", JSONSchema.string.nullable),
        .init("notifications", .array(of: .reference("AlertNotification"), maxItems: 10_000), required: false),
    ]).described("One rule firing for one subject: open until acknowledged or resolved; resolved as cleared when "
                 + "the rule stops firing. `notifications` (GET of one alert only) is its history."))

    static let alertList = NamedSchema("AlertList", .object([.init("data", .array(of: .reference("Alert"), maxItems: 1000))]))

    static let resolve = NamedSchema("AlertResolve", .object([.init("comment", .string(minLength: 1, maxLength: 2000))])
        .described("e.g. {\"comment\": \"ERP back after maintenance; dead orders replayed\"}"))

    static let ruleProperties: [JSONSchema.Property] = [
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("scope", .enumeration(scopes)),
        .init("customer_id", JSONSchema.uuid.nullable, required: false),
        .init("flow", flowSchema.nullable, required: false),
        .init("kind", .enumeration(kinds)),
        .init("threshold", DecimalText.schema("Percent (failure_rate), minutes (backlog_age), a count (dead_messages); "
                                              + "unused for paused_connection and sla_at_risk.")),
        .init("window_minutes", .integer(minimum: 1, maximum: 10_080), required: false),
        .init("minimum_volume", .integer(minimum: 1), required: false),
        .init("impact", JSONSchema.enumeration(impacts).nullable, required: false),
        .init("escalate_after_minutes", .integer(minimum: 1, maximum: 10_080), required: false),
        .init("enabled", .boolean, required: false),
    ]

    static let rule = NamedSchema("AlertRule", .object([.init("id", .uuid)] + ruleProperties.map { property in
        JSONSchema.Property(property.name, property.schema)
    }))

    static let ruleList = NamedSchema("AlertRuleList", .object([.init("data", .array(of: .reference("AlertRule"), maxItems: 1000))]))

    static let createRule = NamedSchema("CreateAlertRule", .object(ruleProperties)
        .described("Impact defaults from the flow (order-to-erp → order_capture …), order_capture for sla_at_risk, "
                   + "reporting for rules over every flow."))

    static let updateRule = NamedSchema("UpdateAlertRule", .object(ruleProperties.map { property in
        JSONSchema.Property(property.name, property.schema, required: false)
    }))

    static let contact = NamedSchema("AlertContact", .object([
        .init("id", .uuid),
        .init("customer_id", JSONSchema.uuid.nullable),
        .init("position", .integer(minimum: 1, maximum: 100)),
        .init("channel", .enumeration(channels)),
        .init("address", .string),
        .init("has_signing_secret", .boolean),
    ]).described("A place in an escalation chain: the partner's (customer_id null) or a customer's own, tried first."))

    static let contactList = NamedSchema("AlertContactList",
                                         .object([.init("data", .array(of: .reference("AlertContact"), maxItems: 1000))]))

    static let createContact = NamedSchema("CreateAlertContact", .object([
        .init("customer_id", JSONSchema.uuid.nullable, required: false),
        .init("position", .integer(minimum: 1, maximum: 100)),
        .init("channel", .enumeration(channels)),
        .init("address", .string(minLength: 3, maxLength: 2000)),
        .init("signing_secret", .string(minLength: 16, maxLength: 256)
            .described("Webhooks only; sealed at rest and never returned."), required: false),
    ]))

    static let schemas = [notification, alert, alertList, resolve, rule, ruleList, createRule, updateRule, contact,
                          contactList, createContact]
}
