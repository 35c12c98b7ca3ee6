import Flows
import Foundation
import Testing

/// The JSON a mapping reads: numbers exact, never booleans, and text that is not JSON named.
@Suite struct JSONTests {
    @Test func readsNumbersExactlyAndNeverAsBooleans() throws {
        let value = try JSON(parsing: #"[0, 1, true, false, 17.50, 12345678901234567.89, "1", null]"#)
        #expect(value == .array([.number(0), .number(1), .bool(true), .bool(false), .number(Decimal(string: "17.5")!),
                                 .number(Decimal(string: "12345678901234567.89")!), .string("1"), .null]))
        #expect(value.text == #"[0,1,true,false,17.5,12345678901234567.89,"1",null]"#)
    }

    @Test func textThatIsNotJSONSaysSoWithoutQuotingIt() {
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: #"{"secret": "s3cret""#) }
        do {
            _ = try JSON(parsing: #"{"secret": "s3cret""#)
        } catch {
            #expect(error.description.hasPrefix("is not valid JSON"))
            #expect(!error.description.contains("s3cret"))
        }
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: "") }
    }
}
