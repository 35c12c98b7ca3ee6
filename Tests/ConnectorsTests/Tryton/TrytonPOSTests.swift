import Commerce
import Connectors
import Foundation
import HTTPClient
import Testing

/// The POS connector against the real Tryton's `pos` database (module sale_point, point of
/// sale "Store 1 POS" selling from warehouse ST1).
@Suite(.enabled(if: TrytonTestServer.isEnabled, TrytonTestServer.disabledReason))
struct TrytonPOSTests {
    @Test func namesThePointOfSaleOnTestConnection() throws {
        let report = try TrytonTestServer.pos().testConnection()
        #expect(report.facts.contains(ConnectionReport.Fact("Point of sale", "Store 1 POS")))
        #expect(report.facts.contains(ConnectionReport.Fact("Database", "pos")))
    }

    @Test func recordsAPOSSaleInThePOSDatabaseAndReadsItBack() throws {
        let pos = try TrytonTestServer.pos()
        // The item exists in the store's database too (the ERP connector writes products the
        // same way in any Tryton database).
        let store = try TrytonTestServer.erp(database: "pos", warehouse: "ST1")
        let (product, price) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-TILL"), price: "20.00")
        _ = try store.upsertProducts([product], prices: [product.sku: price])
        _ = try store.receiveStock(sku: product.sku, quantity: 5)

        let cursor = try Self.caughtUpCursor(pos)
        let sale = Order(number: "till", status: .completed, currency: .usd,
                         lines: [OrderLine(sku: product.sku, name: product.name, quantity: 1, unitPrice: Money("20.00", .usd)!)],
                         payments: [Payment(method: "cash", amount: Money("22.00", .usd)!)], createdAt: Date(timeIntervalSince1970: 0))
        let id = try pos.recordSale(sale)
        #expect(id.system == .trytonPOS)

        let read = try #require(try pos.order(id: id.id))
        #expect(read.status == .completed)
        #expect(read.number.hasPrefix("POS1/"))
        #expect(read.lines.map(\.sku) == [product.sku])
        #expect(read.lines.first?.unitPrice == Money("20.00", .usd))
        #expect(read.payments.map(\.amount) == [Money("22.00", .usd)])
        #expect(read.stated?.total == Money("22.00", .usd))

        // The till sale took the item out of the store's stock.
        #expect(try store.stockLevels(skus: [product.sku]).map(\.quantity) == [4])

        // And it is among the changes after the cursor taken before it.
        var changed: [Order] = []
        var next: ChangeCursor? = cursor
        var page: ChangePage<Order>
        repeat {
            page = try pos.orderChanges(since: next, limit: 50)
            changed += page.records
            next = page.next
        } while page.hasMore
        #expect(changed.filter { $0.externalIDs == [id] }.count == 1)
    }

    /// A cursor after every sale recorded so far.
    static func caughtUpCursor(_ pos: TrytonPOSConnector) throws -> ChangeCursor {
        var page = try pos.orderChanges(since: nil, limit: 500)
        while page.hasMore { page = try pos.orderChanges(since: page.next, limit: 500) }
        return page.next
    }
}
