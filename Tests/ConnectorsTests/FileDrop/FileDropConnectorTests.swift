import Commerce
@testable import Connectors
import Foundation
import HTTPClient
import Testing
import TestSupport

/// The file drop against a real OpenSSH server on loopback with key authentication: files in
/// (good, with a bad row, in Windows-1252), orders out (whole or not at all), and the refusals
/// that pause a connection.
@Suite(.enabled(if: OpenSSHServer.shouldRun, "sshd and ssh-keygen are not installed (Debian: openssh-server, openssh-client)"))
struct FileDropConnectorTests {
    static let mapping = "sku=Item No;name=Description;price=Price;sale_price=Sale;quantity=Qty;location=Store"

    /// A connector on `sshd` with the inbound, processed, failed and outbound directories made.
    static func connector(_ sshd: OpenSSHServer, settings: [String: String] = [:], privateKey: String? = nil,
                          hostKey: String? = nil) throws -> FileDropConnector {
        for directory in ["in", "in/processed", "in/failed", "out"] {
            try FileManager.default.createDirectory(atPath: sshd.path(directory), withIntermediateDirectories: true)
        }
        let configuration = ConnectionConfiguration(
            settings: ["host": "127.0.0.1", "port": String(sshd.port), "username": NSUserName(),
                       "host_key_fingerprint": hostKey ?? sshd.hostKeyFingerprint,
                       "inbound_directory": sshd.path("in"), "outbound_directory": sshd.path("out"),
                       "column_mapping": mapping].merging(settings) { $1 },
            secrets: ["private_key": privateKey ?? sshd.clientKey])
        #expect(FileDropConnector.descriptor.problems(in: configuration).isEmpty)
        return try FileDropConnector(configuration: configuration, now: { Date(timeIntervalSince1970: 1_795_000_000) })
    }

    @Test func takesAGoodItemMasterFileAndMovesItToProcessedOnceAcknowledged() throws {
        let sshd = try OpenSSHServer()
        let connector = try Self.connector(sshd)
        try sshd.put("in/items-1.csv", Array("Item No;Description;Price;Sale\r\nMUG-1;\"Mug \"\"Classic\"\"\";12,50;9,99\r\nTEE-2;\"T-shirt; red\";1.019,00;\r\n".utf8))
        try sshd.put("in/.items-2.csv.part", Array("half".utf8))
        try sshd.put("in/readme.txt", Array("not for us".utf8))

        let files = try connector.takeFiles()
        try #require(files.count == 1)
        guard case .items(let records) = files[0].contents else {
            Issue.record("expected records, got \(files[0].problems)")
            return
        }
        #expect(records.map(\.product.sku.text) == ["MUG-1", "TEE-2"])
        #expect(records.map(\.product.name) == ["Mug \"Classic\"", "T-shirt; red"])
        #expect(records[0].price == Price(sku: try SKU("MUG-1"), list: Money(Decimal(string: "12.50")!, .eur),
                                          sale: Price.Sale(Money(Decimal(string: "9.99")!, .eur))))
        #expect(records[1].price?.list == Money(1019, .eur))
        #expect(sshd.names(in: "in").contains("items-1.csv"), "a file stays until the flow acknowledges it")

        try connector.markProcessed(files[0])
        try connector.markProcessed(files[0])  // a repeat after a crash changes nothing
        #expect(sshd.names(in: "in/processed") == ["items-1.csv"])
        #expect(!sshd.names(in: "in").contains("items-1.csv"))
        #expect(try connector.takeFiles().isEmpty)
    }

    @Test func rejectsAFileWithABadRowWholeAndMovesItToFailedWithItsErrors() throws {
        let sshd = try OpenSSHServer()
        let connector = try Self.connector(sshd)
        try sshd.put("in/items-2.csv", Array("Item No;Description;Price\nMUG-1;Mug;12,50\nMUG-2;Mug 2;12.5\nMUG-3;;3,00\nMUG-1;Again;1,00\n".utf8))

        let files = try connector.takeFiles()
        try #require(files.count == 1)
        let problems = files[0].problems
        guard case .rejected = files[0].contents else {
            Issue.record("a file with a bad row must not hand over any record")
            return
        }
        #expect(problems.map(\.line) == [3, 4, 5])
        #expect(problems.map(\.column) == ["Price", "Description", "Item No"])
        #expect(problems.map(\.rule) == [.malformed, .required, .duplicate])
        #expect(problems[0].description.hasPrefix("items-2.csv line 3, column \"Price\""))

        try connector.markFailed(files[0])
        #expect(sshd.names(in: "in/failed") == ["items-2.csv", "items-2.csv.errors.txt"])
        let report = try String(contentsOfFile: sshd.path("in/failed/items-2.csv.errors.txt"), encoding: .utf8)
        #expect(report.contains("items-2.csv line 3, column \"Price\": \"12.5\" is not an amount with a decimal comma"))
        #expect(report.contains("line 5"))
        #expect(sshd.names(in: "in/processed").isEmpty)
    }

    @Test func readsAWindows1252FileWithAccentsTheEuroSignAndSmartQuotes() throws {
        let sshd = try OpenSSHServer()
        let connector = try Self.connector(sshd, settings: ["encoding": "windows-1252"])
        // "Café crème" with é = 0xE9, è = 0xE8; "Tasse “€uro”" with “ = 0x93, € = 0x80, ” = 0x94.
        let bytes: [UInt8] = Array("Item No;Description;Price\r\nCAFE-1;Caf".utf8) + [0xE9] + Array(" cr".utf8) + [0xE8]
            + Array("me;4,20\r\nMUG-9;Tasse ".utf8) + [0x93, 0x80] + Array("uro".utf8) + [0x94] + Array(";7,00\r\n".utf8)
        try sshd.put("in/items-1252.csv", bytes)

        let files = try connector.takeFiles()
        guard case .items(let records) = try #require(files.first).contents else {
            Issue.record("expected records, got \(files.first?.problems ?? [])")
            return
        }
        #expect(records.map(\.product.name) == ["Café crème", "Tasse “€uro”"])
    }

    @Test func readsStockAsOfTheFilesModificationTimeWithTheDefaultLocation() throws {
        let sshd = try OpenSSHServer()
        let connector = try Self.connector(sshd, settings: ["delimiter": "comma", "decimal_separator": "point",
                                                            "stock_location": "ST1"])
        try sshd.put("in/stock-1.csv", Array("Item No,Qty,Store\nMUG-1,12.5,\nMUG-1,-2,ST2\n".utf8))
        let written = Date(timeIntervalSince1970: 1_790_000_000)
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: sshd.path("in/stock-1.csv"))

        let files = try connector.takeFiles()
        guard case .stock(let levels) = try #require(files.first).contents else {
            Issue.record("expected stock, got \(files.first?.problems ?? [])")
            return
        }
        let mug = try SKU("MUG-1")
        #expect(levels == [StockLevel(sku: mug, location: "ST1", quantity: Decimal(string: "12.5")!, asOf: written),
                           StockLevel(sku: mug, location: "ST2", quantity: -2, asOf: written)])
    }

    @Test func writesEachOrderWholeUnderItsReferenceAndNeverASecondTime() throws {
        let sshd = try OpenSSHServer()
        let connector = try Self.connector(sshd, settings: ["encoding": "windows-1252"])
        let order = try Self.order()
        let watch = try DirectoryWatch(sshd.path("out"))

        let first = try connector.upsertOrder(order, reference: "CP-1001")
        #expect(first.action == .created)
        #expect(first.externalID == ExternalID(.fileDrop, "order-CP-1001.csv"))
        #expect(sshd.names(in: "out") == ["order-CP-1001.csv"])
        // The kernel's record of the directory: the bytes were written under a hidden temporary
        // name, and the final name appeared once, after the last write, and was never written
        // itself — the other system can never see half of it. (OpenSSH renames a regular file
        // by link(2) and unlink(2), so the name shows up as created, with its contents whole.)
        let events = watch.events()
        let temporary = try #require(events.first { $0.change == .created }?.name)
        #expect(temporary.hasPrefix(".order-CP-1001.csv.") && temporary.hasSuffix(".part"))
        let final = events.indices.filter { events[$0].name == "order-CP-1001.csv" }
        #expect(final.count == 1 && [.created, .movedIn].contains(events[final[0]].change))
        let lastWrite = try #require(events.lastIndex(of: DirectoryWatch.Event(change: .written, name: temporary)))
        #expect(final.allSatisfy { $0 > lastWrite })

        let text = Windows1252.decode(Array(try Data(contentsOf: URL(fileURLWithPath: sshd.path("out/order-CP-1001.csv")))))
        #expect(text.hasPrefix("order_reference;order_number;order_date;"))
        #expect(text.contains("CP-1001;1001;2026-11-20T10:00:00Z;processing;EUR;no;Zoë Müller;"))
        #expect(text.contains(";MUG-1;Tasse „Café“;2;12,50;0,00;4,75;25,00;4,90;"))

        #expect(try connector.upsertOrder(order, reference: "CP-1001").action == .unchanged)
        var changed = order
        changed.lines[0].quantity = 3
        let error = #expect(throws: ConnectorError.self) { try connector.upsertOrder(changed, reference: "CP-1001") }
        #expect(error?.errorClass == .business)

        let readBack = try #require(try connector.order(reference: "CP-1001"))
        #expect(readBack.lines.map(\.quantity) == [2])
        #expect(readBack.lines.first?.unitPrice == Money(Decimal(string: "12.50")!, .eur))
        #expect(try connector.order(reference: "CP-404") == nil)
    }

    @Test func refusesAServerWithAnotherHostKeyAsPermanent() throws {
        let sshd = try OpenSSHServer()
        let connector = try Self.connector(sshd, hostKey: try sshd.foreignHostKeyFingerprint())
        let error = #expect(throws: ConnectorError.self) { try connector.testConnection() }
        #expect(error?.errorClass == .permanent)
        #expect(error?.message.contains("host key") == true)
    }

    @Test func refusesAClientKeyTheServerDoesNotAuthoriseAsPermanent() throws {
        let sshd = try OpenSSHServer()
        let connector = try Self.connector(sshd, privateKey: try sshd.unauthorisedKey())
        let error = #expect(throws: ConnectorError.self) { try connector.takeFiles() }
        #expect(error?.errorClass == .permanent)
        #expect(error?.description.contains("PRIVATE KEY") == false)
    }

    @Test func reportsTheDirectoriesAndWaitingFilesWhenTheConnectionWorks() throws {
        let sshd = try OpenSSHServer()
        let connector = try Self.connector(sshd)
        try sshd.put("in/items-1.csv", Array("Item No;Description\n".utf8))
        try sshd.put("in/stock-1.csv", Array("Item No;Qty\n".utf8))
        let report = try connector.testConnection()
        #expect(report.facts.first { $0.label == "Waiting files" }?.value.hasPrefix("1 item master (items*.csv), 1 stock") == true)
    }

    static func order() throws -> Order {
        let line = OrderLine(sku: try SKU("MUG-1"), name: "Tasse „Café“", quantity: 2, unitPrice: Money(Decimal(string: "12.50")!, .eur),
                             taxes: [TaxLine(label: "VAT 19%", rate: Decimal(string: "0.19"), amount: Money(Decimal(string: "4.75")!, .eur))])
        return Order(number: "1001", status: .processing, currency: .eur,
                     customer: Customer(name: "Zoë Müller", email: "zoe@example.com"),
                     shippingAddress: Address(name: "Zoë Müller", lines: ["Hauptstraße 1"], city: "Köln", postalCode: "50667",
                                              country: try #require(CountryCode("DE"))),
                     lines: [line],
                     shippingLines: [ShippingLine(method: "flat_rate", title: "Flat rate", amount: Money(Decimal(string: "4.90")!, .eur))],
                     createdAt: Date(timeIntervalSince1970: 1_795_168_800))
    }
}
