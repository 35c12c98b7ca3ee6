import Flows
import Testing

/// The diff summary of an update, as pure values.
@Suite struct HubDiffTests {
    static func json(_ text: String) throws -> JSON { try JSON(parsing: text) }

    @Test func namesNestedFieldsAndArrayElementsThatDiffer() throws {
        let diff = HubDiff(from: try Self.json(#"{"name":"Mug","list":{"amount":"17.50","currency":"EUR"},"variants":[{"sku":"A"},{"sku":"B"}]}"#),
                           to: try Self.json(#"{"name":"Mug","list":{"amount":"19.90","currency":"EUR"},"variants":[{"sku":"A"},{"sku":"C"}],"note":"new"}"#))
        #expect(diff.changedPaths == ["list.amount", "note", "variants[1].sku"])
        #expect(!diff.truncated)
    }

    @Test func anArrayThatChangedLengthIsOnePathAndEqualNumbersAreEqual() throws {
        let diff = HubDiff(from: try Self.json(#"{"barcodes":["1"],"quantity":2.50}"#),
                           to: try Self.json(#"{"barcodes":["1","2"],"quantity":2.5}"#))
        #expect(diff.changedPaths == ["barcodes"])
    }

    @Test func aRecordRewrittenThroughoutIsTruncatedAndSaysSo() throws {
        let before = "{" + (0..<60).map { #""f\#($0)":1"# }.joined(separator: ",") + "}"
        let after = "{" + (0..<60).map { #""f\#($0)":2"# }.joined(separator: ",") + "}"
        let diff = HubDiff(from: try Self.json(before), to: try Self.json(after))
        #expect(diff.changedPaths.count == HubDiff.maximumPaths && diff.truncated)
        #expect(diff.description.hasSuffix(", …"))
    }
}
