import Commerce
import Flows
import Foundation
import Postgres
import Testing
import TestSupport

/// Stock per SKU and location in real PostgreSQL: the time a count was true decides, never the
/// order levels arrive in — a stale level never overwrites a newer one.
@Suite struct HubStockTests {
    @Test func ignoresALevelOlderThanTheStoredOne() throws {
        try HubWorld.with { world in
            let newer = try world.engine {
                try Hub.publishStock([.hubLevel(10, minutesAfterMorning: 10)], from: world.erp, in: world.production, on: $0)
            }
            #expect(newer.map(\.outcome) == [.inserted])
            // A poll that started earlier delivers its older count after the webhook's.
            let older = try world.engine {
                try Hub.publishStock([.hubLevel(7, minutesAfterMorning: 5)], from: world.erp, in: world.production, on: $0)
            }
            #expect(older == [HubWriteResult(key: "MUG-1 at ST1", outcome: .stale(storedAsOf: StockLevel.hubLevel(10, minutesAfterMorning: 10).asOf),
                                             changeSeq: newer[0].changeSeq)])
            let stored = try world.engine { try Hub.stock(of: .hub("MUG-1"), in: world.production, on: $0) }
            #expect(stored.map(\.record) == [.hubLevel(10, minutesAfterMorning: 10)])
        }
    }

    @Test func aLaterCountOfTheSameQuantityIsUnchangedButMovesTheTimeForward() throws {
        try HubWorld.with { world in
            _ = try world.engine { try Hub.publishStock([.hubLevel(10, minutesAfterMorning: 10)], from: world.erp, in: world.production, on: $0) }
            let confirmed = try world.engine {
                try Hub.publishStock([.hubLevel(10, minutesAfterMorning: 20)], from: world.erp, in: world.production, on: $0)
            }
            #expect(confirmed.map(\.outcome) == [.unchanged] && confirmed.map(\.changeSeq) == [1])
            // So a count from in between is now stale, though it is newer than the first.
            let between = try world.engine {
                try Hub.publishStock([.hubLevel(4, minutesAfterMorning: 15)], from: world.erp, in: world.production, on: $0)
            }
            #expect(between.map(\.outcome) == [.stale(storedAsOf: StockLevel.hubLevel(10, minutesAfterMorning: 20).asOf)])
            let repeated = try world.engine {
                try Hub.publishStock([.hubLevel(10, minutesAfterMorning: 20)], from: world.erp, in: world.production, on: $0)
            }
            #expect(repeated.map(\.outcome) == [.unchanged])
            #expect(try world.engine { try Hub.lastChangeSeq(in: world.production, on: $0) } == 1)
        }
    }

    @Test func aLaterCountOfAnotherQuantityUpdatesPerLocation() throws {
        try HubWorld.with { world in
            _ = try world.engine {
                try Hub.publishStock([.hubLevel(10, minutesAfterMorning: 10), .hubLevel(3, at: "ST2", minutesAfterMorning: 10)],
                                     from: world.erp, in: world.production, on: $0)
            }
            let sold = try world.engine {
                try Hub.publishStock([.hubLevel(Decimal(string: "2.5")!, at: "ST2", minutesAfterMorning: 11)],
                                     from: world.erp, in: world.production, on: $0)
            }
            #expect(sold == [HubWriteResult(key: "MUG-1 at ST2", outcome: .updated(HubDiff(changedPaths: ["quantity"])), changeSeq: 3)])
            let stored = try world.engine { try Hub.stock(of: .hub("MUG-1"), in: world.production, on: $0) }
            #expect(stored.map(\.record.quantity) == [10, Decimal(string: "2.5")!])
        }
    }

    @Test func aRepeatWithSubMicrosecondTimeIsRecognised() throws {
        try HubWorld.with { world in
            // PostgreSQL keeps microseconds; the repeat must still compare equal to what it stored.
            let level = StockLevel(sku: .hub("MUG-1"), location: "ST1", quantity: 5,
                                   asOf: Date(timeIntervalSinceReferenceDate: 800_000_000.123_456_789))
            _ = try world.engine { try Hub.publishStock([level], from: world.erp, in: world.production, on: $0) }
            let again = try world.engine { try Hub.publishStock([level], from: world.erp, in: world.production, on: $0) }
            #expect(again.map(\.outcome) == [.unchanged])
        }
    }
}
