import Billing
import Foundation
import Postgres
import Tenancy

extension AlertEvaluator {
    // Most urgent impact first, then the oldest: when the channels are slow, orders go first.
    static let dueSQL = """
        SELECT partner_id, id FROM alerts
        WHERE (state = 'open' AND next_notification_at <= $1) OR clear_notice_pending
        ORDER BY CASE impact WHEN 'order_capture' THEN 0 WHEN 'stock' THEN 1 WHEN 'catalogue' THEN 2 ELSE 3 END, opened_at, id
        """
    // SKIP LOCKED: an alert a concurrent run is notifying is that run's.
    static let lockDueSQL = """
        SELECT a.id FROM alerts a WHERE a.partner_id = $1 AND a.id = $2 FOR UPDATE SKIP LOCKED
        """
    static let ruleTimingSQL = "SELECT escalate_after_minutes, scope FROM alert_rules WHERE partner_id = $1 AND id = $2"
    static let scheduleSQL = "UPDATE alerts SET level = $3, next_notification_at = $4 WHERE partner_id = $1 AND id = $2"
    static let clearNoticeDoneSQL = "UPDATE alerts SET clear_notice_pending = false WHERE partner_id = $1 AND id = $2"
    static let recordSQL = """
        INSERT INTO alert_notifications (partner_id, alert_id, contact_id, channel, level, kind, sent_at, outcome, error)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """
    static let clearedAlreadySQL = """
        SELECT contact_id FROM alert_notifications
        WHERE partner_id = $1 AND alert_id = $2 AND kind = 'cleared' AND outcome = 'sent' AND contact_id IS NOT NULL
        """
    static let partnerNameSQL = "SELECT name FROM partners WHERE id = $1"

    /// Sends every notification due at `now`: each alert in a transaction of its own that holds
    /// its row, so a notice goes out once even when two runs overlap, and the history row and
    /// the new schedule commit together.
    func notify(at now: Date, into report: inout Report) throws {
        let due = try database.transaction(.system) { connection in
            try connection.query(PostgresQuery(unsafeSQL: Self.dueSQL, binds: [now])).decode((UUID, UUID).self)
        }
        for (partnerID, alertID) in due {
            try database.transaction(.system) { connection in
                guard try connection.query(PostgresQuery(unsafeSQL: Self.lockDueSQL, binds: [partnerID, alertID])).first != nil else {
                    return
                }
                let alert = try Alerts.decode(try connection.query(PostgresQuery(unsafeSQL: Alerts.getSQL, binds: [
                    partnerID, alertID,
                ])).single())
                let chain = try AlertContacts.chain(partnerID: partnerID, customerID: alert.customerID, on: connection)
                let brand = try brand(of: partnerID, on: connection)
                if alert.state == .resolved {
                    try sendClearNotices(alert, chain: chain, brand: brand, at: now, into: &report, on: connection)
                } else {
                    try escalate(alert, chain: chain, brand: brand, at: now, into: &report, on: connection)
                }
            }
        }
    }

    private func escalate(_ alert: Alert, chain: [AlertContact], brand: AlertBrand, at now: Date, into report: inout Report,
                          on connection: PostgresConnection) throws {
        var schedule = alert.escalation
        guard let level = schedule.levelDue(at: now, chainLength: chain.count) else { return }
        let (escalateAfter, scope) = try connection.query(PostgresQuery(unsafeSQL: Self.ruleTimingSQL, binds: [
            alert.partnerID, alert.ruleID,
        ])).single().decode((Int, String).self)
        let window = scope == AlertRule.Scope.partner.rawValue
            ? SupportWindow.allDay
            : try CustomerSupportWindow.of(partnerID: alert.partnerID, customerID: alert.customerID, at: now, on: connection)
        // The window may have closed since the notice was scheduled (tier terms changed): wait.
        guard window.isOpen(at: now) else {
            _ = try connection.execute(PostgresQuery(unsafeSQL: Self.scheduleSQL, binds: [
                alert.partnerID, alert.id, schedule.level, window.nextOpening(atOrAfter: now),
            ]))
            return
        }
        let notice = AlertNotice(alert: alert, kind: level == 1 ? .opened : .escalated, level: level, brand: brand)
        guard try deliver(notice, to: chain[level - 1], at: now, into: &report, on: connection) else { return }
        schedule.notified(level: level, at: now, chainLength: chain.count, escalateAfterMinutes: escalateAfter, window: window)
        _ = try connection.execute(PostgresQuery(unsafeSQL: Self.scheduleSQL, binds: [
            alert.partnerID, alert.id, schedule.level, schedule.nextNotificationAt,
        ]))
    }

    /// Tells everyone who was told the alert opened (levels 1…level) that it cleared; each
    /// contact once, the failed ones again at the next run.
    private func sendClearNotices(_ alert: Alert, chain: [AlertContact], brand: AlertBrand, at now: Date,
                                  into report: inout Report, on connection: PostgresConnection) throws {
        let told = Set(try connection.query(PostgresQuery(unsafeSQL: Self.clearedAlreadySQL, binds: [alert.partnerID, alert.id]))
            .map { try $0.decode(UUID.self, at: 0) })
        var allSent = true
        for contact in chain.prefix(alert.level) where !told.contains(contact.id) {
            let notice = AlertNotice(alert: alert, kind: .cleared, level: 0, brand: brand)
            if try !deliver(notice, to: contact, at: now, into: &report, on: connection) { allSent = false }
        }
        if allSent {
            _ = try connection.execute(PostgresQuery(unsafeSQL: Self.clearNoticeDoneSQL, binds: [alert.partnerID, alert.id]))
        }
    }

    /// Sends one notice and records the attempt; true when it went out.
    private func deliver(_ notice: AlertNotice, to contact: AlertContact, at now: Date, into report: inout Report,
                         on connection: PostgresConnection) throws -> Bool {
        var failure: String?
        do {
            guard let channel = channels.channel(for: contact.channel) else { throw ChannelNotConfigured(channel: contact.channel) }
            let secret = try AlertContacts.signingSecret(of: contact, box: box, on: connection)
            try channel.deliver(notice, to: contact, signingSecret: secret)
        } catch {
            failure = String("\(error)".prefix(2000))
        }
        _ = try connection.execute(PostgresQuery(unsafeSQL: Self.recordSQL, binds: [
            notice.alert.partnerID, notice.alert.id, contact.id, contact.channel.rawValue, notice.level, notice.kind.rawValue,
            now, failure == nil ? "sent" : "failed", failure,
        ]))
        if failure == nil { report.sent += 1 } else { report.failed += 1 }
        return failure == nil
    }

    /// The partner's brand: its product name (else its own name) and colours.
    private func brand(of partnerID: UUID, on connection: PostgresConnection) throws -> AlertBrand {
        let settings = try PartnerBrandings.get(partnerID, on: connection).settings
        let name = try settings.productName
            ?? connection.query(PostgresQuery(unsafeSQL: Self.partnerNameSQL, binds: [partnerID])).single().decode(String.self, at: 0)
        return AlertBrand(productName: name, primaryColour: settings.primaryColour, accentColour: settings.accentColour,
                          supportEmail: settings.supportEmail)
    }
}
