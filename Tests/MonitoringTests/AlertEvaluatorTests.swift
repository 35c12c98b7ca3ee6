import Billing
import Flows
import Foundation
import Monitoring
import Postgres
import Tenancy
import Testing

/// The evaluator against real PostgreSQL with an injected clock: an alert fires, escalates,
/// de-duplicates, clears; acknowledging stops escalation; failed sends are retried.
@Suite struct AlertEvaluatorTests {
    let t0 = wednesdayMorning

    func deadMessageRule() -> NewAlertRule {
        NewAlertRule(name: "Dead orders", scope: .flow, flow: "order-to-erp", kind: .deadMessages, threshold: 1,
                     windowMinutes: 120, escalateAfterMinutes: 30)
    }

    @Test func alertFiresEscalatesDeduplicatesAndClears() throws {
        try AlertWorld.with { world in
            var rule = deadMessageRule()
            rule.customerID = world.customerID
            try world.rule(rule)
            try world.contact(NewAlertContact(position: 1, channel: .email, address: "first@acme.example"))
            try world.contact(NewAlertContact(position: 2, channel: .email, address: "second@acme.example"))
            try world.world.message(receivedAt: t0.plus(minutes: -5), ending: .dead)
            try world.world.fold()
            let evaluator = world.evaluator()

            let first = try evaluator.run(at: t0)
            #expect(first.opened == 1 && first.sent == 1)
            let alert = try #require(try world.alerts(.open).first)
            #expect(alert.impact == .orderCapture && alert.level == 1 && alert.value == 1)
            #expect(world.channel.sent.map(\.address) == ["first@acme.example"])
            let subjectLine = try #require(world.channel.sent.first?.subjectLine)
            #expect(subjectLine.hasPrefix("[Order capture] Shop ") && subjectLine.contains(": Dead messages — "))

            // Still breaching a minute later: the same alert, no second notice.
            let again = try evaluator.run(at: t0.plus(minutes: 1))
            #expect(again.opened == 0 && again.stillBreaching == 1 && again.sent == 0)
            #expect(try world.count("alerts") == 1)
            #expect(world.channel.sent.count == 1)
            #expect(try world.alerts(.open).first?.lastSeenAt == t0.plus(minutes: 1))

            // 29 minutes without acknowledgement: not yet; 30: level 2 (gold is 24x7).
            #expect(try evaluator.run(at: t0.plus(minutes: 29)).sent == 0)
            #expect(try evaluator.run(at: t0.plus(minutes: 30)).sent == 1)
            #expect(world.channel.sent.last == .init(address: "second@acme.example", kind: .escalated, level: 2,
                                                     subjectLine: world.channel.sent.last?.subjectLine ?? ""))
            // The chain is exhausted: nothing more, however long.
            #expect(try evaluator.run(at: t0.plus(minutes: 100)).sent == 0)

            // The dead message leaves the 120-minute window: cleared, and both contacts told.
            let cleared = try evaluator.run(at: t0.plus(minutes: 116))
            #expect(cleared.cleared == 1 && cleared.sent == 2)
            let resolved = try #require(try world.alerts(.resolved).first)
            #expect(resolved.id == alert.id && resolved.resolution == .cleared && resolved.resolvedAt == t0.plus(minutes: 116))
            #expect(world.channel.sent.suffix(2).map(\.kind) == [.cleared, .cleared])
            #expect(try world.history(alert.id).map(\.kind) == [.opened, .escalated, .cleared, .cleared])
            #expect(try evaluator.run(at: t0.plus(minutes: 117)).sent == 0)
        }
    }

    @Test func acknowledgingStopsEscalation() throws {
        try AlertWorld.with { world in
            var rule = deadMessageRule()
            rule.customerID = world.customerID
            try world.rule(rule)
            try world.contact(NewAlertContact(position: 1, channel: .email, address: "first@acme.example"))
            try world.contact(NewAlertContact(position: 2, channel: .email, address: "second@acme.example"))
            try world.world.message(receivedAt: t0.plus(minutes: -5), ending: .dead)
            try world.world.fold()
            let evaluator = world.evaluator()
            try evaluator.run(at: t0)
            let alert = try #require(try world.alerts(.open).first)

            let acknowledged = try world.db.asCaller(world.admin) { connection, caller in
                try Alerts.acknowledge(alert.id, at: t0.plus(minutes: 10), by: caller, on: connection)
            }
            #expect(acknowledged.state == .acknowledged && acknowledged.acknowledgedBy == world.admin.userID)
            #expect(try evaluator.run(at: t0.plus(minutes: 45)).sent == 0)
            #expect(world.channel.sent.count == 1)
            #expect(try world.alerts(.acknowledged).count == 1)
        }
    }

    @Test func failedSendIsRecordedAndRetriedAtTheNextEvaluation() throws {
        try AlertWorld.with { world in
            var rule = deadMessageRule()
            rule.customerID = world.customerID
            try world.rule(rule)
            try world.contact(NewAlertContact(position: 1, channel: .email, address: "first@acme.example"))
            try world.world.message(receivedAt: t0.plus(minutes: -5), ending: .dead)
            try world.world.fold()
            let evaluator = world.evaluator()
            world.channel.fail("first@acme.example", true)

            #expect(try evaluator.run(at: t0).failed == 1)
            let alert = try #require(try world.alerts(.open).first)
            #expect(alert.level == 0)
            let failed = try #require(try world.history(alert.id).first)
            #expect(!failed.succeeded && failed.error == "connection refused by first@acme.example")

            world.channel.fail("first@acme.example", false)
            #expect(try evaluator.run(at: t0.plus(minutes: 1)).sent == 1)
            #expect(try world.history(alert.id).map(\.succeeded) == [false, true])
            #expect(try world.alerts(.open).first?.level == 1)
        }
    }

    @Test func partnerWideRuleOpensOneAlertPerCustomerAndPausedConnectionPerConnection() throws {
        try AlertWorld.with { world in
            try world.rule(NewAlertRule(name: "Backlog", scope: .partner, kind: .backlogAge, threshold: 30))
            try world.world.message(.inventorySync, receivedAt: t0.plus(minutes: -45), ending: .waiting)
            let report = try world.evaluator().run(at: t0)
            #expect(report.opened == 1)
            let alert = try #require(try world.alerts().first)
            #expect(alert.impact == .reporting && alert.value == 45 && alert.flow == nil)
            // No contacts yet: nothing sent, and the alert still waits for its first notice.
            #expect(report.sent == 0 && alert.nextNotificationAt == t0)
        }
    }

    @Test func disablingARuleClearsItsAlerts() throws {
        try AlertWorld.with { world in
            var new = deadMessageRule()
            new.customerID = world.customerID
            let rule = try world.rule(new)
            try world.world.message(receivedAt: t0.plus(minutes: -5), ending: .dead)
            try world.world.fold()
            try world.evaluator().run(at: t0)
            new.enabled = false
            _ = try world.db.asCaller(world.admin) { connection, caller in
                try AlertRules.update(rule.id, to: new, by: caller, on: connection)
            }
            #expect(try world.evaluator().run(at: t0.plus(minutes: 1)).cleared == 1)
            #expect(try world.alerts(.open).isEmpty)
        }
    }
}
