import Flows
import Testing

/// Lookup table files: RFC 4180 CSV with a key,value header, every problem by its line.
@Suite struct LookupTableCSVTests {
    static func read(_ text: String) throws(LookupTableCSVError) -> LookupTableCSV {
        try LookupTableCSV(bytes: Array(text.utf8))
    }

    @Test func readsQuotedValuesLineEndsAndABlankLine() throws {
        let table = try Self.read("key,value\r\n\"A\nB\",\" x \"\n\nC,\r\n")
        #expect(table.rows.map(\.key) == ["A\nB", "C"])
        #expect(table.table == ["A\nB": "x", "C": ""], "surrounding blanks are trimmed; an empty value is a value")
    }

    @Test func namesTheLineOfEveryProblem() {
        #expect(throws: LookupTableCSVError(problems: [.init(line: 1, message: "the header must be key,value (found sku,erp_code)")],
                                            unlisted: 0)) { try Self.read("sku,erp_code\nA,1\n") }
        #expect(throws: LookupTableCSVError(problems: [.init(line: 3, message: "a quoted value opened here is never closed")],
                                            unlisted: 0)) { try Self.read("key,value\nA,1\nB,\"open\nC,3\n") }
        #expect(throws: LookupTableCSVError(problems: [.init(line: 1, message: "the file is empty; it needs the header key,value and rows")],
                                            unlisted: 0)) { try Self.read("") }
        #expect(throws: LookupTableCSVError(problems: [.init(line: 2, message: "is not UTF-8 text; save the file as UTF-8 CSV")],
                                            unlisted: 0)) { try LookupTableCSV(bytes: Array("key,value\n".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x2C, 0x31]) }
    }

    @Test func listsTwentyProblemsAndCountsTheRest() {
        let text = "key,value\n" + String(repeating: ",x\n", count: 25)
        let error = try? #require(throws: LookupTableCSVError.self) { try Self.read(text) }
        #expect(error?.problems.count == 20)
        #expect(error?.unlisted == 5)
        #expect(error?.problems.first?.line == 2)
    }
}
