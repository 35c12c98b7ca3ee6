@testable import Connectors
import Commerce
import Foundation
import Testing

/// CSV reading and writing without a server: RFC 4180 quoting, encodings byte by byte, numbers
/// with a decimal comma, and the errors a person exporting the file can act on.
struct CSVTests {
    let locator = ProblemLocator(file: "items.csv")

    @Test func splitsQuotedFieldsWithDelimitersDoubledQuotesAndLineBreaks() {
        let text = "sku;name\r\nA-1;\"Mug; large\"\r\nA-2;\"The \"\"Best\"\" mug\nsecond line\"\nA-3;plain\r\n\r\n"
        let (records, problems) = CSVReader(delimiter: ";").records(in: text)
        #expect(problems.isEmpty)
        #expect(records == [
            CSVRecord(line: 1, fields: ["sku", "name"]),
            CSVRecord(line: 2, fields: ["A-1", "Mug; large"]),
            CSVRecord(line: 3, fields: ["A-2", "The \"Best\" mug\nsecond line"]),
            CSVRecord(line: 5, fields: ["A-3", "plain"]),
        ])
    }

    @Test func reportsEachMalformedRecordWithTheLineItStartsOnAndReadsOn() {
        let text = "sku;name\nA-1;12\" pipe\nA-2;\"closed\" late\nA-3;fine\nA-4;\"never closed\n"
        let (records, problems) = CSVReader(delimiter: ";").records(in: text)
        #expect(records.map(\.line) == [1, 4])
        #expect(problems.map(\.line) == [2, 3, 5])
        #expect(problems[0].message.contains("not quoted"))
        #expect(problems[2].message.contains("never closed"))
    }

    @Test func decodesEveryWindows1252ByteIncludingTheEuroAndSmartQuotes() throws {
        let all = (0...255).map(UInt8.init)
        let text = Windows1252.decode(all)
        #expect(text.unicodeScalars.count == 256)
        let scalars = Array(text.unicodeScalars)
        #expect(scalars[0x80] == "€")
        #expect(scalars[0x93] == "\u{201C}" && scalars[0x94] == "\u{201D}")
        #expect(scalars[0x8A] == "Š" && scalars[0x9F] == "Ÿ" && scalars[0x96] == "–")
        #expect(scalars[0x81].value == 0x81)
        #expect(scalars[0xE9] == "é" && scalars[0xFF] == "ÿ")
        #expect(try Windows1252.encode(text).get() == all)
    }

    @Test func refusesToWriteACharacterWindows1252CannotHold() {
        guard case .failure(let unencodable) = Windows1252.encode("Łódź") else {
            Issue.record("Ł has no Windows-1252 byte")
            return
        }
        #expect(unencodable.scalar == "Ł")
    }

    @Test func skipsAUTF8ByteOrderMarkAndNamesTheLineOfInvalidUTF8() throws {
        let decoded = CSVText.decode([0xEF, 0xBB, 0xBF] + Array("sku\nA".utf8), as: .utf8, locator: locator)
        #expect(try decoded.get() == "sku\nA")
        let invalid = CSVText.decode(Array("sku\nA\n".utf8) + [0x43, 0xE9, 0x0A], as: .utf8, locator: locator)
        guard case .failure(let problem) = invalid else {
            Issue.record("0xE9 alone is not UTF-8")
            return
        }
        #expect(problem.line == 3)
        #expect(problem.description.hasPrefix("items.csv line 3"))
    }

    @Test func readsNumbersWithADecimalCommaAndWholeThousandsGroups() {
        let comma = CSVDialect.DecimalSeparator.comma
        #expect(comma.decimal(from: "12,50") == Decimal(string: "12.5"))
        #expect(comma.decimal(from: "1.234,5") == Decimal(string: "1234.5"))
        #expect(comma.decimal(from: "-3") == -3)
        #expect(comma.decimal(from: "12.5") == nil)
        #expect(comma.decimal(from: "1.23,4") == nil)
        #expect(comma.decimal(from: "12,5x") == nil)
        #expect(CSVDialect.DecimalSeparator.point.decimal(from: "1,234.50") == Decimal(string: "1234.5"))
        #expect(CSVDialect.DecimalSeparator.point.decimal(from: "12,50") == nil)
        #expect(comma.text(of: Decimal(string: "2.5")!) == "2,5")
    }

    @Test func quotesOnlyFieldsThatNeedItAndReadsBackWhatItWrote() {
        let records = [["sku", "name"], ["A;1", "Say \"hi\"\nbye"], ["B", " padded "], ["C", "plain"]]
        let text = CSVWriter(dialect: CSVDialect(delimiter: .semicolon, lineEnding: .crlf)).text(records)
        #expect(text == "sku;name\r\n\"A;1\";\"Say \"\"hi\"\"\nbye\"\r\nB;\" padded \"\r\nC;plain\r\n")
        #expect(CSVReader(delimiter: ";").records(in: text).records.map(\.fields) == records)
    }

    @Test func mapsColumnsByHeaderNameIgnoringCaseAndNamesUnknownFields() throws {
        let mapping = try ColumnMapping("sku=Item No; name=Description ;price=Price;quantity=Qty")
        #expect(mapping.header(.sku) == "Item No")
        #expect(mapping.header(.location) == "location")
        let (columns, problems) = mapping.locate([.sku, .name, .price], required: [.sku, .name],
                                                 in: ["item no", "Price", "Other"], locator: locator)
        #expect(columns == [.sku: 0, .price: 1])
        #expect(problems.map(\.column) == ["Description"])
        #expect(problems.first?.rule == .required)
        let error = #expect(throws: ValidationError.self) { try ColumnMapping("sku=Item No;colour=Colour;name") }
        #expect(error?.problems.map(\.rule) == [.unknownField, .malformed])
    }

    @Test func matchesFileNamePatternsButNeverHiddenUploadsInProgress() throws {
        let pattern = try FileNamePattern("items*.csv")
        #expect(pattern.matches("items-2026-11-22.csv"))
        #expect(pattern.matches("items.csv"))
        #expect(!pattern.matches("items.csv.part"))
        #expect(!pattern.matches(".items-1.csv"))
        #expect(!pattern.matches("stock.csv"))
        #expect(try FileNamePattern("stock_??.csv").matches("stock_01.csv"))
        #expect(throws: FileNamePattern.Invalid.self) { try FileNamePattern("in/items.csv") }
    }

    @Test func declaresTheCapabilitiesItAdopts() {
        let descriptor = FileDropConnector.descriptor
        #expect(descriptor.kind == .fileDrop)
        #expect((FileDropConnector.self as Any.Type) is any OrderTarget.Type)
        #expect(descriptor.can(.upsert(.order)) && descriptor.can(.readOne(.order)))
        #expect(!((FileDropConnector.self as Any.Type) is any ProductSource.Type))
        #expect(!descriptor.can(.readChanges(.product)) && !descriptor.can(.readChanges(.stock)))
        #expect([ConnectorResource.product, .price, .stock].allSatisfy { descriptor.can(.takeFiles($0)) })
        #expect(descriptor.field("private_key")?.kind == .multilineSecret)
    }
}
