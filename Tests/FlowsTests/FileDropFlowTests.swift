import Commerce
import Connectors
import Flows
import Foundation
import HTTPClient
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport
import WooCommerceSimulator

/// `file-drop` end to end: CSV files dropped on a real OpenSSH server are taken on the flow's
/// schedule (`flow.files`) and applied to the WooCommerce simulator through the queue — stock
/// under inventory-sync's rules, items and prices as catalogue-publish writes them — once,
/// however often a file is dropped; a file with a bad row is one exception and nothing of it is
/// applied; and web orders go out as order files.
@Suite(.enabled(if: OpenSSHServer.shouldRun, "sshd and ssh-keygen are not installed (Debian: openssh-server, openssh-client)"))
struct FileDropFlowTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    /// Runs `body` in a fresh world: its own sshd, store and schema.
    func withWorld(_ body: (FileDropWorld, HTTPClient) throws -> Void) throws {
        let sshd = try OpenSSHServer()
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(60)))
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        try TenantTestDatabase.withSchema { db in
            try body(try FileDropWorld(sshd: sshd, store: store, shopValues: shopValues, db: db, http: http, box: box), http)
        }
    }

    @Test func aStockFileReachesTheShopOnceHoweverOftenItIsDropped() throws {
        try withWorld { world, http in
            world.store.addProduct(sku: "HAM-1", name: "Hammer", regularPrice: "20.00", stock: 50)
            world.store.addProduct(sku: "SAW-2", name: "Saw", regularPrice: "30.00", stock: 50)
            // Switching the flow on scheduled the intake of its files.
            let scheduleName = "flow:\(world.flow.id.uuidString.lowercased()):files"
            #expect(try world.db.count("SELECT count(*) FROM job_schedules WHERE name = \(scheduleName) AND kind = 'flow.files'") == 1)

            let file = "Item No;Qty;Store\r\nHAM-1;10;WH\r\nHAM-1;4;ST1\r\nSAW-2;1;WH\r\n"
            try world.dropAndRun("stock-20261122.csv", file)
            // 10 + 4 − 2 safety; 1 − 2 is none.
            #expect(world.shopStock("HAM-1") == 12)
            #expect(world.shopStock("SAW-2") == 0)
            #expect(try world.statuses("stock-level") == ["delivered", "delivered", "delivered"])
            #expect(world.sshd.names(in: "in/processed") == ["stock-20261122.csv"])
            #expect(!world.sshd.names(in: "in").contains("stock-20261122.csv"))
            #expect(try world.db.count("""
                SELECT count(DISTINCT message_id) FROM message_ids WHERE system = 'file-drop' AND external_id = 'stock-20261122.csv'
                """) == 3, "searching for the file finds its rows")

            // Someone sets 40 in the shop; the same export dropped again must not set it back.
            try world.setShopStock("HAM-1", 40, http: http)
            try world.dropAndRun("stock-20261122.csv", file)
            #expect(world.shopStock("HAM-1") == 40)
            #expect(try world.statuses("stock-level").count == 3, "the second drop stored no message")
            let processed = world.sshd.names(in: "in/processed")
            #expect(processed.count == 2 && processed.allSatisfy { $0.hasSuffix("stock-20261122.csv") })
            #expect(world.sshd.names(in: "in").filter { $0.hasSuffix(".csv") }.isEmpty)
        }
    }

    @Test func aFileStoredButNotMovedIsReadAgainAndTakenOnce() throws {
        try withWorld { world, http in
            world.store.addProduct(sku: "HAM-1", name: "Hammer", regularPrice: "20.00", stock: 50)
            // The processed directory is gone, so the move after the commit fails.
            try FileManager.default.removeItem(atPath: world.sshd.path("in/processed"))
            let outcomes = try world.dropAndRun("stock-1.csv", "Item No;Qty\r\nHAM-1;9\r\n")
            #expect(outcomes.contains { if case .retry(let reason, _) = $0 { reason.contains("stock-1.csv") } else { false } },
                    "the intake says it could not move the file, and runs again")
            #expect(world.shopStock("HAM-1") == 7, "the records were stored and applied")
            #expect(world.sshd.names(in: "in").contains("stock-1.csv"), "the file stayed")

            // Someone changes the shop meanwhile; the directory is back and the schedule runs again.
            try world.setShopStock("HAM-1", 30, http: http)
            try FileManager.default.createDirectory(atPath: world.sshd.path("in/processed"), withIntermediateDirectories: true)
            try world.customer.enqueue(FlowSchedules.filesKind, for: world.flow)
            try world.drain.run()
            #expect(world.sshd.names(in: "in/processed") == ["stock-1.csv"])
            #expect(try world.statuses("stock-level") == ["delivered"], "read twice, stored once")
            #expect(world.shopStock("HAM-1") == 30, "and not applied again")
        }
    }

    @Test func aFileWithABadRowIsOneExceptionNamingFileAndLineAndNothingOfItIsAppliedAndAnEmptyFileIsSeen() throws {
        try withWorld { world, _ in
            world.store.addProduct(sku: "HAM-1", name: "Hammer", regularPrice: "20.00", stock: 50)
            try world.dropAndRun("stock-bad.csv", "Item No;Qty;Store\r\nHAM-1;7;WH\r\nSAW-2;three;WH\r\n")

            #expect(world.shopStock("HAM-1") == 50, "the good row of a rejected file is not applied")
            #expect(try world.statuses("stock-level").isEmpty)
            #expect(try world.statuses("file") == ["exception"])
            let error = try #require(try world.db.owner.query("""
                SELECT error_text, reference FROM messages WHERE subject = 'file'
                """).decode((String?, String?).self).first)
            #expect(error.1 == "stock-bad.csv")
            #expect(error.0?.contains("stock-bad.csv line 3, column \"Qty\"") == true)
            #expect(error.0?.contains("(malformed)") == true)
            let problems = try world.db.owner.query("""
                SELECT p->>'line' AS line, p->>'column' AS col FROM messages m, jsonb_array_elements(m.input->'problems') p
                WHERE m.subject = 'file'
                """).decode((String?, String?).self)
            #expect(problems.map(\.0) == ["3"] && problems.map(\.1) == ["Qty"])
            #expect(world.sshd.names(in: "in/failed") == ["stock-bad.csv", "stock-bad.csv.errors.txt"])
            #expect(world.sshd.names(in: "in/processed").isEmpty)
            let report = try String(contentsOfFile: world.sshd.path("in/failed/stock-bad.csv.errors.txt"), encoding: .utf8)
            #expect(report.contains("line 3"))

            // A file with a header and nothing else passes visibly too.
            try world.dropAndRun("stock-empty.csv", "Item No;Qty\r\n")
            #expect(try world.statuses("file") == ["exception", "skipped"])
            #expect(world.sshd.names(in: "in/processed") == ["stock-empty.csv"])
        }
    }

    @Test func anItemMasterFilePublishesProductsAndPricesToTheShop() throws {
        try withWorld { world, _ in
            world.store.addProduct(sku: "HAM-1", name: "Hammer", regularPrice: "20.00", stock: 5)
            try world.dropAndRun("items-20261122.csv", """
                Item No;Description;Price;Sale\r
                HAM-1;Claw hammer;24,50;\r
                NAIL-9;Nails (box of 100);3,95;3,50\r

                """)
            let catalogue = world.store.catalogue()
            #expect(catalogue["HAM-1"]?.regularPrice == "24.50")
            #expect(catalogue["NAIL-9"]?.regularPrice == "3.95")
            #expect(try world.statuses("item") == ["delivered", "delivered"])
            #expect(world.sshd.names(in: "in/processed") == ["items-20261122.csv"])
            #expect(try world.db.count("SELECT count(*) FROM hub_items WHERE sku = 'NAIL-9'") == 1)
        }
    }

    @Test func anInventorySyncFlowReadingTheDropTakesOnlyStockFilesAndLeavesItemFiles() throws {
        try withWorld { world, _ in
            world.store.addProduct(sku: "HAM-1", name: "Hammer", regularPrice: "20.00", stock: 50)
            let inventory = try world.customer.switchOn(.inventorySync, from: world.drop, to: world.shop,
                                                        options: [FlowOptions.safetyStock: "5"])
            try world.sshd.put("in/items-1.csv", Array("Item No;Description;Price\r\nHAM-1;Claw hammer;24,50\r\n".utf8))
            try world.sshd.put("in/stock-1.csv", Array("Item No;Qty\r\nHAM-1;8\r\n".utf8))
            try world.customer.enqueue(FlowSchedules.filesKind, for: inventory)
            try world.drain.run()

            #expect(world.shopStock("HAM-1") == 3, "8 less inventory-sync's safety stock of 5")
            #expect(world.store.catalogue()["HAM-1"]?.regularPrice == "20.00", "the item file is not inventory-sync's")
            #expect(world.sshd.names(in: "in/processed") == ["stock-1.csv"])
            #expect(world.sshd.names(in: "in").contains("items-1.csv"), "left for the flow that takes item files")
            #expect(try world.db.count("SELECT count(*) FROM messages WHERE flow = 'inventory-sync' AND status = 'delivered'") == 1)
        }
    }

    @Test func aWebOrderIsWrittenAsOneCompleteOrderFileEvenWhenReplayed() throws {
        try withWorld { world, _ in
            world.store.addProduct(sku: "HAM-1", name: "Hammer", regularPrice: "20.00", stock: 5)
            let orderID = world.store.addOrder(lines: [.init(sku: "HAM-1", quantity: 2, total: 40)], email: "ada@example.test")
            let orders = try world.customer.switchOn(.orderToERP, from: world.shop, to: world.drop)
            try world.customer.enqueue(FlowSchedules.pollKind, for: orders)
            try world.drain.run()

            let outputs = try world.db.owner.query("""
                SELECT id, output->>'reference' AS reference, output->>'action' AS action FROM messages
                WHERE flow = 'order-to-erp' AND status = 'delivered'
                """).decode((UUID, String?, String?).self)
            let seen = try world.db.owner.query("SELECT status, coalesce(error_text, '') AS e FROM messages WHERE flow = 'order-to-erp'")
                .decode((String, String).self)
            try #require(outputs.count == 1, "\(seen)")
            #expect(outputs[0].2 == "created")
            let reference = try #require(outputs[0].1)
            #expect(reference == OrderToERPStep.reference(shop: world.shop.id, order: String(orderID)))
            #expect(world.sshd.names(in: "out") == ["order-\(reference).csv"])
            let written = try #require(try world.dropConnector().order(reference: reference))
            #expect(written.lines.map { $0.sku?.text } == ["HAM-1"])
            #expect(written.lines.first?.quantity == 2)
            #expect(written.lines.first?.unitPrice == Money(20, .usd))
            #expect(written.currency == .usd)
            #expect(written.number == String(orderID))
            #expect(try written.totals().total == Money(40, .usd), "the file is whole: its lines add up to the order's total")

            // An operator replays the message: the same file is found, no second one is written.
            let replay = try world.db.asCaller(world.customer.admin) { connection, caller in
                let original = try Messages.get(outputs[0].0, for: caller.principal, on: connection)
                return try Messages.replay(original.id, input: original.input, by: caller, at: Date(), on: connection)
            }
            try world.drain.run()
            let replayed = try world.db.owner.query("""
                SELECT status, output->>'action' AS action FROM messages WHERE id = \(replay.id)
                """).decode((String, String?).self)
            #expect(replayed.first?.0 == "delivered" && replayed.first?.1 == "unchanged")
            #expect(world.sshd.names(in: "out") == ["order-\(reference).csv"])
        }
    }
}
