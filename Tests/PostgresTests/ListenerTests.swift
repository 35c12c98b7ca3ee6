import Foundation
import Postgres
import Synchronization
import Testing

/// LISTEN/NOTIFY through `PostgresListener`: delivery, transactional semantics, clean stops.
@Suite struct ListenerTests {
    private func makeListener(_ db: TestSchema, channels: [String],
                              inbox: EventInbox<PostgresListener.Event>) throws -> PostgresListener {
        try PostgresListener(configuration: db.configuration, channels: channels, logger: TestDatabase.logger) { event in
            inbox.append(event)
        }
    }

    @Test func deliversNotificationsOnItsChannelsOnly() throws {
        try TestDatabase.withSchema(maximumConnections: 1) { db in
            let (orders, stock, other) = (db.channel("orders"), db.channel("stock"), db.channel("other"))
            let inbox = EventInbox<PostgresListener.Event>()
            let listener = try makeListener(db, channels: [orders, stock], inbox: inbox)
            try listener.start()
            defer { listener.stop() }

            try db.pool.notify(channel: orders, payload: "order 42 — Grüße ✓")
            try db.pool.notify(channel: other, payload: "not for us")
            try db.pool.notify(channel: stock)

            let first = inbox.waitFor { if case .notification(let n) = $0 { n.channel == orders } else { false } }
            #expect(first == .notification(.init(channel: orders, payload: "order 42 — Grüße ✓", senderPID: senderPID(first))))
            let last = inbox.waitFor { if case .notification(let n) = $0 { n.channel == stock } else { false } }
            #expect(last != nil)
            // One sending session delivers in commit order, so `other` would have come before `stock`.
            #expect(inbox.received.count == 2)
        }
    }

    @Test func notificationsFollowTheirTransaction() throws {
        try TestDatabase.withSchema(maximumConnections: 1) { db in
            let channel = db.channel("jobs")
            let inbox = EventInbox<PostgresListener.Event>()
            let listener = try makeListener(db, channels: [channel], inbox: inbox)
            try listener.start()
            defer { listener.stop() }

            struct Abandon: Error {}
            _ = try? db.pool.transaction { connection in
                try connection.notify(channel: channel, payload: "rolled back")
                throw Abandon()
            }
            try db.pool.transaction { connection in
                try connection.notify(channel: channel, payload: "committed")
            }
            #expect(inbox.waitFor { $0.payload == "committed" } != nil)
            #expect(inbox.received.map(\.payload) == ["committed"])
        }
    }

    @Test func channelNamesNeedNoQuotingByTheCaller() throws {
        try TestDatabase.withSchema { db in
            let channel = "Mixed \"Case\"; LISTEN x " + db.name.suffix(12)
            let inbox = EventInbox<PostgresListener.Event>()
            let listener = try makeListener(db, channels: [channel], inbox: inbox)
            try listener.start()
            defer { listener.stop() }
            try db.pool.notify(channel: channel, payload: "odd")
            #expect(inbox.waitFor { $0.payload == "odd" } != nil)
        }
    }

    @Test func stoppingFromTheHandlerDoesNotDeadlock() throws {
        try TestDatabase.withSchema { db in
            let channel = db.channel("stop")
            let inbox = EventInbox<PostgresListener.Event>()
            let holder = Mutex<PostgresListener?>(nil)
            let listener = try PostgresListener(configuration: db.configuration, channels: [channel],
                                                logger: TestDatabase.logger) { event in
                holder.withLock { $0 }?.stop()
                inbox.append(event)
            }
            holder.withLock { $0 = listener }
            try listener.start()
            try db.pool.notify(channel: channel, payload: "bye")
            #expect(inbox.waitFor { $0.payload == "bye" } != nil)
            listener.stop() // waits for the thread, which ends after the handler returned
            listener.stop()
        }
    }

    @Test func startFailsClearlyWhenTheServerIsUnreachable() throws {
        let listener = try PostgresListener(
            configuration: PostgresConfiguration(url: "postgresql://nobody@127.0.0.1:1/none", connectTimeout: .seconds(2)),
            channels: ["anything"], logger: TestDatabase.logger) { _ in }
        let error = #expect(throws: PostgresError.self) { try listener.start() }
        #expect(error?.kind == .connectionFailed)
        listener.stop()
    }

    @Test func unusableChannelNamesAreRefusedUpFront() throws {
        let configuration = PostgresConfiguration(url: "postgresql://localhost/x")
        for channels in [[], [""], [String(repeating: "c", count: 64)]] {
            #expect(throws: PostgresError.self) {
                try PostgresListener(configuration: configuration, channels: channels, logger: TestDatabase.logger) { _ in }
            }
        }
    }

    private func senderPID(_ event: PostgresListener.Event?) -> Int32 {
        if case .notification(let notification) = event { return notification.senderPID }
        return -1
    }
}

extension PostgresListener.Event {
    /// The payload of a notification; nil for other events.
    var payload: String? {
        if case .notification(let notification) = self { return notification.payload }
        return nil
    }
}
