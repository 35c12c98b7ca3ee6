import Foundation
import Testing
import Commerce

@Suite struct SKUTests {
    @Test func trimsSurroundingBlanksLikeWooCommerce() throws {
        #expect(try SKU("  MUG-1 \n").text == "MUG-1")
        #expect(try SKU("MUG-1") == SKU(" MUG-1"))
        #expect(try SKU("Shirt S blue").text == "Shirt S blue")
    }

    @Test func keepsCaseBecauseSystemsDisagreeOnIt() throws {
        #expect(try SKU("mug-1") != SKU("MUG-1"))
    }

    @Test func refusesBlankLongAndControlCharacterSKUs() {
        func rules(_ text: String) -> [ValidationProblem.Rule] {
            do { _ = try SKU(text); return [] } catch { return error.problems.map(\.rule) }
        }
        #expect(rules("") == [.required])
        #expect(rules("   ") == [.required])
        #expect(rules(String(repeating: "A", count: 101)) == [.tooLong])
        #expect(rules(String(repeating: "A", count: 100)) == [])
        #expect(rules("MUG\t1") == [.controlCharacters])
        #expect(rules("MUG\u{0}1") == [.controlCharacters])
        #expect(rules(String(repeating: "\u{7}", count: 101)) == [.tooLong, .controlCharacters])
    }

    @Test func decodingChecksTheRulesToo() throws {
        #expect(try JSONDecoder().decode(SKU.self, from: Data(#"" MUG-1 ""#.utf8)) == SKU("MUG-1"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SKU.self, from: Data(#""""#.utf8)) }
        #expect(String(decoding: try JSONEncoder().encode(SKU("MUG-1")), as: UTF8.self) == #""MUG-1""#)
    }
}
