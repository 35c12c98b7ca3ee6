import Billing
import Flows
import Foundation
import Monitoring
import Postgres
import Tenancy
import Testing

/// The support window as the alerts' clock: pure rules first, then a bronze customer's alert at
/// night against real PostgreSQL.
@Suite struct AlertSupportWindowTests {
    let amsterdam = SupportWindow.businessHours(timeZone: "Europe/Amsterdam", startHour: 9, endHour: 17)

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func businessHoursAreOpenOnlyBetweenStartAndEndLocalTime() {
        // March 2027 is CET (UTC+1) until the 28th.
        #expect(amsterdam.isOpen(at: Self.utc("2027-03-03T08:00:00Z")))
        #expect(!amsterdam.isOpen(at: Self.utc("2027-03-03T07:59:59Z")))
        #expect(!amsterdam.isOpen(at: Self.utc("2027-03-03T16:00:00Z")))
        #expect(SupportWindow.allDay.isOpen(at: Self.utc("2027-03-03T03:00:00Z")))
    }

    @Test func nextOpeningAtNightIsNineTomorrowAndFollowsSummerTime() {
        #expect(amsterdam.nextOpening(atOrAfter: Self.utc("2027-03-03T22:30:00Z")) == Self.utc("2027-03-04T08:00:00Z"))
        #expect(amsterdam.nextOpening(atOrAfter: Self.utc("2027-03-04T05:00:00Z")) == Self.utc("2027-03-04T08:00:00Z"))
        // 28 March 2027 02:00 CET became 03:00 CEST: 09:00 is 07:00 UTC from then on.
        #expect(amsterdam.nextOpening(atOrAfter: Self.utc("2027-03-28T01:30:00Z")) == Self.utc("2027-03-28T07:00:00Z"))
        let open = Self.utc("2027-03-03T12:00:00Z")
        #expect(amsterdam.nextOpening(atOrAfter: open) == open)
    }

    @Test func supportTimeSkipsTheHoursTheWindowIsClosed() {
        // 10 hours from 09:00: the 8 of Wednesday, then 2 of Thursday → Thursday 11:00 local.
        #expect(amsterdam.addingSupportTime(minutes: 600, to: Self.utc("2027-03-03T08:00:00Z")) == Self.utc("2027-03-04T10:00:00Z"))
        // Started at night, the clock starts when the window opens.
        #expect(amsterdam.addingSupportTime(minutes: 30, to: Self.utc("2027-03-03T23:00:00Z")) == Self.utc("2027-03-04T08:30:00Z"))
        #expect(SupportWindow.allDay.addingSupportTime(minutes: 30, to: Self.utc("2027-03-03T23:00:00Z"))
                == Self.utc("2027-03-03T23:30:00Z"))
    }

    @Test func escalationNotifiesLevelOneThenWaitsSupportTimeForTheNext() {
        let night = Self.utc("2027-03-03T22:30:00Z")
        var schedule = AlertEscalation.opened(at: night, window: amsterdam)
        #expect(schedule.levelDue(at: night, chainLength: 2) == nil)
        let nine = Self.utc("2027-03-04T08:00:00Z")
        #expect(schedule.levelDue(at: nine, chainLength: 2) == 1)
        #expect(schedule.levelDue(at: nine, chainLength: 0) == nil)
        schedule.notified(level: 1, at: nine, chainLength: 2, escalateAfterMinutes: 30, window: amsterdam)
        #expect(schedule.nextNotificationAt == Self.utc("2027-03-04T08:30:00Z"))
        #expect(schedule.levelDue(at: Self.utc("2027-03-04T08:30:00Z"), chainLength: 2) == 2)
        schedule.acknowledge()
        #expect(schedule.state == .acknowledged && schedule.levelDue(at: .distantFuture, chainLength: 2) == nil)
    }

    @Test func bronzeCustomersAlertAtNightWaitsUntilNineInAmsterdam() throws {
        try AlertWorld.with(tier: "bronze") { world in
            // Stock, not order capture: the rule waits whatever the impact (see AlertEscalation).
            try world.rule(NewAlertRule(name: "Stock backlog", scope: .flow, customerID: world.customerID, flow: "inventory-sync",
                                        kind: .backlogAge, threshold: 30, escalateAfterMinutes: 600))
            try world.contact(NewAlertContact(position: 1, channel: .email, address: "first@acme.example"))
            try world.contact(NewAlertContact(position: 2, channel: .email, address: "second@acme.example"))
            let night = Self.utc("2027-03-03T22:30:00Z")  // 23:30 in Amsterdam
            try world.world.message(.inventorySync, receivedAt: night.plus(minutes: -60), ending: .waiting)
            let evaluator = world.evaluator()

            let opened = try evaluator.run(at: night)
            #expect(opened.opened == 1 && opened.sent == 0)
            let alert = try #require(try world.alerts(.open).first)
            #expect(alert.impact == .stock && alert.nextNotificationAt == Self.utc("2027-03-04T08:00:00Z"))
            #expect(try evaluator.run(at: Self.utc("2027-03-04T07:59:00Z")).sent == 0)
            #expect(world.channel.sent.isEmpty)

            #expect(try evaluator.run(at: Self.utc("2027-03-04T08:00:00Z")).sent == 1)
            #expect(world.channel.sent.map(\.address) == ["first@acme.example"])
            // 600 support minutes: Thursday's 8 hours, then 2 on Friday → Friday 11:00 local.
            #expect(try world.alerts(.open).first?.nextNotificationAt == Self.utc("2027-03-05T10:00:00Z"))
            #expect(try evaluator.run(at: Self.utc("2027-03-04T22:00:00Z")).sent == 0)
            #expect(try evaluator.run(at: Self.utc("2027-03-05T10:00:00Z")).sent == 1)
            #expect(world.channel.sent.last?.level == 2)
        }
    }
}
