import Commerce
import Flows
import Foundation
import Postgres
import Tenancy
import Testing
import TestSupport

/// Publishing into the hub in real PostgreSQL: each write says what it did — inserted, updated
/// with the fields that changed, or unchanged by content hash — and repeats change nothing.
@Suite struct HubPublishTests {
    @Test func insertsANewItemThenReportsTheSameContentAsUnchanged() throws {
        try HubWorld.with { world in
            let first = try world.engine { try Hub.publishItems([.hubItem()], from: world.erp, in: world.production, on: $0) }
            #expect(first == [HubWriteResult(key: "MUG-1", outcome: .inserted, changeSeq: 1)])
            let again = try world.engine { try Hub.publishItems([.hubItem()], from: world.erp, in: world.production, on: $0) }
            #expect(again == [HubWriteResult(key: "MUG-1", outcome: .unchanged, changeSeq: 1)])
            let stored = try #require(try world.engine { try Hub.item(.hub("MUG-1"), in: world.production, on: $0) })
            #expect(stored.record == .hubItem())
            #expect(stored.source == world.erp && stored.changeSeq == 1)
            #expect(try world.engine { try Hub.lastChangeSeq(in: world.production, on: $0) } == 1)
        }
    }

    @Test func anUpdateSaysWhichFieldsChanged() throws {
        try HubWorld.with { world in
            _ = try world.engine { try Hub.publishItems([.hubItem(), .hubItem("CUP-1")], from: world.erp, in: world.production, on: $0) }
            let renamed = try world.engine {
                try Hub.publishItems([.hubItem(name: "Big mug"), .hubItem("CUP-1")], from: world.erp, in: world.production, on: $0)
            }
            #expect(renamed.map(\.outcome) == [.updated(HubDiff(changedPaths: ["name"])), .unchanged])
            #expect(renamed.map(\.changeSeq) == [3, 2])

            _ = try world.engine { try Hub.publishPrices([.hubPrice()], from: world.erp, in: world.production, on: $0) }
            let repriced = try world.engine {
                try Hub.publishPrices([.hubPrice("MUG-1", "19.90")], from: world.erp, in: world.production, on: $0)
            }
            #expect(repriced.first?.outcome == .updated(HubDiff(changedPaths: ["list.amount"])))
            #expect(repriced.first?.key == "MUG-1 in EUR")
        }
    }

    @Test func keepsOnePricePerCurrency() throws {
        try HubWorld.with { world in
            let results = try world.engine {
                try Hub.publishPrices([.hubPrice("MUG-1", "17.50", .eur), .hubPrice("MUG-1", "19.00", .usd)],
                                      from: world.erp, in: world.production, on: $0)
            }
            #expect(results.map(\.outcome) == [.inserted, .inserted])
            let prices = try world.engine { try Hub.prices(of: .hub("MUG-1"), in: world.production, on: $0) }
            #expect(prices.map(\.record.list) == [Money("17.50", .eur)!, Money("19.00", .usd)!])
        }
    }

    @Test func anOrderIsKeptUnderOurReferenceWithItsStatus() throws {
        try HubWorld.with { world in
            let placed = try world.engine { try Hub.publishOrder(.hubOrder(), reference: "WEB-1001", from: world.shop, in: world.production, on: $0) }
            #expect(placed.outcome == .inserted)
            let repeated = try world.engine { try Hub.publishOrder(.hubOrder(), reference: "WEB-1001", from: world.shop, in: world.production, on: $0) }
            #expect(repeated.outcome == .unchanged && repeated.changeSeq == placed.changeSeq)
            let completed = try world.engine {
                try Hub.publishOrder(.hubOrder(status: .completed), reference: "WEB-1001", from: world.shop, in: world.production, on: $0)
            }
            #expect(completed.outcome == .updated(HubDiff(changedPaths: ["status"])))
            #expect(try world.db.owner.query("SELECT status FROM hub_orders").single().decode(String.self, at: 0) == "completed")
            let stored = try world.engine { try Hub.order("WEB-1001", in: world.production, on: $0) }
            #expect(stored?.record == .hubOrder(status: .completed))
        }
    }

    @Test func refusesAnInvalidRecordAndWritesNoneOfTheBatch() throws {
        try HubWorld.with { world throws in
            let error = #expect(throws: HubInvalidRecord.self) {
                try world.engine { try Hub.publishItems([.hubItem(), .hubItem("CUP-1", name: " ")], from: world.erp, in: world.production, on: $0) }
            }
            #expect(error?.key == "CUP-1" && error?.domain == .items)
            #expect(error?.problems.map(\.path) == ["name"])
            #expect(try world.count("hub_items") == 0)
            #expect(try world.engine { try Hub.lastChangeSeq(in: world.production, on: $0) } == 0)
        }
    }

    @Test func aRefusedCallLeavesNothingEvenWhenTheCallerCarriesOn() throws {
        try HubWorld.with { world in
            try world.engine { connection in
                #expect(throws: HubRefusal.self) {
                    try Hub.publishItems([.hubItem()], from: world.shop, in: world.production, on: connection)
                }
                // The flow records the exception and goes on in the same transaction.
                _ = try Hub.publishOrder(.hubOrder(), reference: "WEB-1", from: world.shop, in: world.production, on: connection)
            }
            #expect(try world.count("hub_items") == 0)
            #expect(try world.count("hub_orders") == 1)
        }
    }

    @Test func refusesASourceThatIsNotOneOfTheScopesConnections() throws {
        try HubWorld.with { world throws in
            // A sandbox connection writing into production.
            let crossing = #expect(throws: TenancyError.self) {
                try world.engine { try Hub.publishItems([.hubItem()], from: world.sandboxERP, in: world.production, on: $0) }
            }
            guard case .invalid(let problems) = crossing else { Issue.record("expected invalid"); return }
            #expect(problems.first?.field == "source")
            #expect(problems.first?.message.contains("production environment") == true)
            // The shop's connection posing as the ERP to get past ownership.
            let posing = HubSource(system: .trytonERP, connectionID: world.shop.connectionID)
            #expect(throws: TenancyError.self) {
                try world.engine { try Hub.publishItems([.hubItem()], from: posing, in: world.production, on: $0) }
            }
            #expect(try world.count("hub_items") == 0)
        }
    }

    @Test func refusesAnOrderReferenceItCannotKeep() throws {
        try HubWorld.with { world in
            for reference in ["", "   ", String(repeating: "R", count: 101), "WEB\n1"] {
                #expect(throws: TenancyError.self) {
                    try world.engine { try Hub.publishOrder(.hubOrder(), reference: reference, from: world.shop, in: world.production, on: $0) }
                }
            }
        }
    }
}
