@testable import API
import Foundation
import HTTP
import Testing
import Tenancy

/// `StreamingJSONEncoder` against the encoder it replaced (`APIJSON.makeEncoder()`): the same
/// JSON for every kind of value the API sends, read back as trees (UUIDs compared without case,
/// the one intended difference), plus exact bytes where the spelling itself is the contract.
@Suite struct StreamingJSONEncoderTests {
    static let customerID = UUID(uuidString: "01890A5D-AC96-774B-BCCE-B302099A8057")!
    static let partnerID = UUID(uuidString: "0189F00D-0000-7000-8000-00000000ABCD")!

    // MARK: The same JSON as Foundation's encoder

    @Test func customersMatchFoundation() throws {
        try expectSameJSON(try customer(externalReference: nil))
        try expectSameJSON(try customer(externalReference: "ERP-42 \"quoted\" / slashed"))
    }

    @Test func usersWithNilOptionalsOmitThoseMembers() throws {
        let user: User = try model("""
            {"id":"\(Self.customerID)","partnerID":"\(Self.partnerID)","email":"ann@example.com","name":"Ann",
             "role":"partner_admin","status":"active","hasPassword":false,"createdAt":1769848200.5,"updatedAt":0}
            """)
        try expectSameJSON(user)
        let object = try tree(try StreamingJSONEncoder().encode(user)) as? [String: Any]
        #expect(object?["customer_id"] == nil && object?["last_login_at"] == nil)
        #expect(object?["has_password"] as? Bool == false)
    }

    @Test func tokensPartnersAndEnvironmentsMatchFoundation() throws {
        let token = APIToken(id: Self.customerID, name: "ci", displayPrefix: "cp_1234", scope: .write, userID: Self.partnerID,
                             customerID: nil, createdAt: Date(timeIntervalSince1970: 1_700_000_000.123456),
                             expiresAt: Date(timeIntervalSince1970: 1_800_000_000), lastUsedAt: nil, revokedAt: nil)
        try expectSameJSON(token)
        try expectSameJSON(TokensAPI.IssuedBody(token: "cp_secret", apiToken: token))
        let partner: Partner = try model("""
            {"id":"\(Self.partnerID)","kind":"reseller","slug":"acme","name":"Acmé ✓","status":"active",
             "customDomain":"portal.acme.example","createdAt":-86400.25,"updatedAt":4102444800}
            """)
        try expectSameJSON(partner)
        let environment: Tenancy.Environment = try model("""
            {"id":"\(Self.partnerID)","partnerID":"\(Self.partnerID)","customerID":"\(Self.customerID)",
             "kind":"sandbox","createdAt":1}
            """)
        try expectSameJSON(EnvironmentsAPI.ListBody(data: [environment, environment]))
    }

    @Test func pageEnvelopesMatchFoundation() throws {
        let customers = [try customer(externalReference: nil), try customer(externalReference: "x")]
        try expectSameJSON(Page(data: customers, nextCursor: "opaque+token/=="))
        try expectSameJSON(Page(data: customers, nextCursor: nil))
        try expectSameJSON(Page<Int>(data: [], nextCursor: nil))
    }

    @Test func auditEntriesWithJSONValueTreesMatchFoundation() throws {
        let entry: AuditEntry = try model("""
            {"id":"\(Self.customerID)","partnerID":"\(Self.partnerID)","occurredAt":1769848200.123,"actorKind":"user",
             "actorEmail":"ann@example.com","action":"customer.update","targetType":"customer","targetID":"abc",
             "before":"{\\"name\\":\\"Old\\",\\"tier\\":{\\"code\\":\\"gold\\",\\"limits\\":[1,2.5,-3e-7,null,true]}}",
             "after":"{\\"name\\":\\"New\\",\\"tags\\":[],\\"meta\\":{},\\"camelKey\\":false}"}
            """)
        let body = AuditLogAPI.Body(entry)
        #expect(body.after != nil)
        try expectSameJSON(body)
        try expectSameJSON(Page(data: [body], nextCursor: nil))
    }

    @Test func problemsMatchFoundation() throws {
        try expectSameJSON(Problem(type: Problem.typeBase + "validation", title: "Invalid", status: 422,
                                   detail: "2 fields", instance: "/api/v1/customers",
                                   errors: [FieldError(field: "/name", message: "must not be empty"),
                                            FieldError(field: "/a~1b", message: "\u{1}\t")],
                                   requestID: "req-1"))
        try expectSameJSON(Problem(type: "about:blank", title: "Not Found", status: 404))
    }

    @Test func nestedArraysDictionariesAndNumbersMatchFoundation() throws {
        try expectSameJSON([[1, 2], [], [3]])
        try expectSameJSON(["oneKey": 1, "two_keys": 2, "ÜberKey": 3])
        try expectSameJSON(["outerKey": ["innerKey": [0.1, 1e20, -0.0, 1e-7, 123456789.125]]])
        try expectSameJSON([1: "one", -2: "minus two"])
        try expectSameJSON(Numbers())
        try expectSameJSON(Nested())
        try expectSameJSON(Optional<Int>.none)
        try expectSameJSON("top-level string")
    }

    @Test func decimalsURLsAndDataMatchFoundation() throws {
        try expectSameJSON(Exotic())
    }

    @Test func datesMatchFoundationFromBefore1970ToTheLastYearRFC3339Spells() throws {
        let instants: [TimeInterval] = [0, 0.5, 0.001, 0.0005, 0.9999, -0.5, -0.0001, -0.9999, 1.001, 1.0005,
                                        1_769_848_200, 1_769_848_200.123456, -2_208_988_800.5, -1_000_000_000.75,
                                        4_102_444_800.25, 253_402_300_799.999, 253_402_300_800, 1e13]
        var generator = SplitMix64(seed: 2026)
        // Microsecond instants, as PostgreSQL hands them over, from 1583 (Foundation counts
        // earlier dates in the Julian calendar) to 9999.
        let first: Int64 = -12_212_553_600_000_000, last: Int64 = 253_402_300_799_999_999
        let random = (0..<2000).map { _ in
            Double(first + Int64(generator.next() % UInt64(last - first))) / 1e6
        }
        for seconds in instants + random {
            try expectSameJSON(["at": Date(timeIntervalSince1970: seconds)])
        }
    }

    @Test func snakeCaseMatchesFoundationForAwkwardNames() throws {
        let names = ["partnerID", "myURLProperty", "a", "URL", "already_snake", "createdAt", "aB1c", "ABc", "value2X",
                     "_leading", "trailing_", "aBC", "a_B", "isHTTPSURLs", "X", "aB", "a1B", "ID", "userIDs", "x_Y_z",
                     "ÉtéÀb", "naïveCamelCase", "", "quote\"Key", "tab\tKey"]
        for name in names {
            try expectSameJSON(NamedMember(name: name))
        }
    }

    // MARK: Exact bytes

    @Test func escapesExactlyWhatRFC8259Requires() throws {
        let text = "\"\\/\u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F} é😀\u{2028}"
        #expect(try json(text) == #""\"\\/\b\f\n\r\t\u0000\u001f"# + "\u{7F} é😀\u{2028}\"")
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        let parsed = try JSONSerialization.jsonObject(with: Data(StreamingJSONEncoder().encode(controls)),
                                                      options: .fragmentsAllowed)
        #expect(parsed as? String == controls)
    }

    @Test func convertsMemberNamesToSnakeCase() throws {
        let expected = ["partnerID": "partner_id", "myURLProperty": "my_url_property", "a": "a", "URL": "u_rl",
                        "already_snake": "already_snake", "createdAt": "created_at"]
        for (name, snake) in expected {
            #expect(try json(NamedMember(name: name)) == #"{"\#(snake)":1}"#)
            #expect(SnakeCaseName.convert(name) == snake)
        }
    }

    @Test func writesDatesAsRFC3339InUTC() throws {
        #expect(try json(Date(timeIntervalSince1970: 0)) == #""1970-01-01T00:00:00Z""#)
        #expect(try json(Date(timeIntervalSince1970: 1_769_848_200.25)) == #""2026-01-31T08:30:00.250Z""#)
        #expect(try json(Date(timeIntervalSince1970: -0.5)) == #""1969-12-31T23:59:59.500Z""#)
        #expect(try json(Date(timeIntervalSince1970: 951_782_400)) == #""2000-02-29T00:00:00Z""#)
        #expect(try json(Date(timeIntervalSince1970: 253_402_300_799)) == #""9999-12-31T23:59:59Z""#)
        // Proleptic Gregorian, like PostgreSQL (Foundation would say 0001-01-03, Julian).
        #expect(try json(Date(timeIntervalSince1970: -62_135_596_800)) == #""0001-01-01T00:00:00Z""#)
        #expect(APIJSON.formatTimestamp(Date(timeIntervalSince1970: 1_769_848_200)) == "2026-01-31T08:30:00Z")
    }

    @Test func writesUUIDsInLowerCase() throws {
        #expect(try json(Self.customerID) == #""01890a5d-ac96-774b-bcce-b302099a8057""#)
    }

    @Test func writesDecimalsWithEveryDigit() throws {
        let decimal = try #require(Decimal(string: "-12345678901234567890.123456789012345"))
        #expect(try json(decimal) == "-12345678901234567890.123456789012345")
    }

    @Test func writesIntegersToTheirLimits() throws {
        #expect(try json([Int.min, Int.max, 0]) == "[-9223372036854775808,9223372036854775807,0]")
        #expect(try json([UInt64.max]) == "[18446744073709551615]")
    }

    @Test func spellsOutAnExplicitNullNextCursor() throws {
        #expect(try json(Page(data: [1, 2], nextCursor: nil)) == #"{"data":[1,2],"next_cursor":null}"#)
    }

    @Test func writesAnEmptyObjectForValuesThatEncodeNothing() throws {
        #expect(try json(EmptyKeyed()) == "{}")
        #expect(try json([Silent(), Silent()]) == "[{},{}]")
        #expect(try json(["inner": Silent()]) == #"{"inner":{}}"#)
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(Silent()) }
    }

    @Test func continuesTheSameObjectWhenAskedForItsContainerTwice() throws {
        #expect(try json(TwoContainers()) == #"{"first_key":1,"nested":{"inner":[1,[2]]},"second_key":2}"#)
    }

    @Test func refusesNonFiniteNumbers() {
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(["x": number]) }
        }
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Float.nan]) }
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Decimal.nan]) }
    }

    @Test func refusesWritingToAContainerAfterItWasClosed() {
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(LateWriter()) }
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(SuperEncoding()) }
    }

    @Test func sendsResponsesAndProblemsThroughIt() throws {
        let response = try Response.json(["id": Self.customerID])
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"id":"01890a5d-ac96-774b-bcce-b302099a8057"}"#)
        let problem = Problem(type: "about:blank", title: "Gone/Away", status: 410).response
        #expect(String(decoding: problem.body, as: UTF8.self) == #"{"type":"about:blank","title":"Gone/Away","status":410}"#)
    }

    // MARK: Helpers

    func json(_ value: some Encodable) throws -> String {
        String(decoding: try StreamingJSONEncoder().encode(value), as: UTF8.self)
    }

    func customer(externalReference: String?) throws -> Customer {
        let reference = externalReference.map { #","externalReference":"\#($0.replacingOccurrences(of: "\"", with: "\\\""))""# } ?? ""
        return try model("""
            {"id":"\(Self.customerID)","partnerID":"\(Self.partnerID)","name":"Bäckerei \\u00dcber 🍞","tierCode":"gold",
             "status":"active","createdAt":1769848200,"updatedAt":1769848200.25\(reference)}
            """)
    }

    /// A model decoded from camelCase JSON with dates in seconds since 1970 (the Tenancy types
    /// have no public memberwise initialisers).
    func model<Model: Decodable>(_ json: String) throws -> Model {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(Model.self, from: Data(json.utf8))
    }

    /// Both encoders' output parsed back; equal trees, with UUID strings compared without case.
    func expectSameJSON(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try StreamingJSONEncoder().encode(value)
        let foundation = try APIJSON.makeEncoder().encode(value)
        let same = sameTree(try tree(ours), try tree(Array(foundation)))
        #expect(same, "\(String(decoding: ours, as: UTF8.self)) ≠ \(String(decoding: foundation, as: UTF8.self))",
                sourceLocation: sourceLocation)
    }

    func tree(_ bytes: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
    }

    func sameTree(_ left: Any, _ right: Any) -> Bool {
        switch (left, right) {
        case let (left as [String: Any], right as [String: Any]):
            return left.count == right.count && left.allSatisfy { key, value in right[key].map { sameTree(value, $0) } ?? false }
        case let (left as [Any], right as [Any]):
            return left.count == right.count && zip(left, right).allSatisfy(sameTree)
        case let (left as String, right as String):
            if let leftUUID = UUID(uuidString: left), let rightUUID = UUID(uuidString: right) { return leftUUID == rightUUID }
            return left == right
        case let (left as NSNumber, right as NSNumber):
            return left == right
        case (is NSNull, is NSNull):
            return true
        default:
            return false
        }
    }
}

// MARK: Fixtures

/// One member named `name`, to see what becomes of the name.
private struct NamedMember: Encodable {
    var name: String

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(1, forKey: Key(stringValue: name))
    }
}

private struct Numbers: Encodable {
    var tiny: Int8 = -128
    var small: UInt16 = 65535
    var large: Int64 = .min
    var unsigned: UInt = .max
    var fraction = 0.1
    var single: Float = 0.1
    var whole = 3.0
    var negativeZero = -0.0
    var huge = 1.7976931348623157e308
    var flag = true
}

private struct Exotic: Encodable {
    var amount = Decimal(string: "12345678901234567890.123456789")!
    var price = Decimal(string: "-0.005")!
    var link = URL(string: "https://example.com/a/b?c=d&e=f#g")!
    var blob = Data([0, 1, 2, 250, 251, 252])
    var id = UUID(uuidString: "01890A5D-AC96-774B-BCCE-B302099A8057")!
}

/// Nested containers of every kind, in the order a hand-written `encode(to:)` might use them.
private struct Nested: Encodable {
    enum Key: String, CodingKey { case someObject, someArray, after }
    enum Inner: String, CodingKey { case innerValue, deeper }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        var object = container.nestedContainer(keyedBy: Inner.self, forKey: .someObject)
        try object.encode("x", forKey: .innerValue)
        var deeper = object.nestedUnkeyedContainer(forKey: .deeper)
        try deeper.encode(1)
        var deepest = deeper.nestedContainer(keyedBy: Inner.self)
        try deepest.encodeNil(forKey: .innerValue)
        var array = container.nestedUnkeyedContainer(forKey: .someArray)
        try array.encode(true)
        var inner = array.nestedUnkeyedContainer()
        try inner.encode([1, 2])
        try container.encode([String: Int](), forKey: .after)
    }
}

private struct EmptyKeyed: Encodable {
    enum Key: CodingKey {}
    func encode(to encoder: any Encoder) throws { _ = encoder.container(keyedBy: Key.self) }
}

private struct Silent: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

private struct TwoContainers: Encodable {
    enum Key: String, CodingKey { case firstKey, nested, secondKey }
    enum Inner: String, CodingKey { case inner }

    func encode(to encoder: any Encoder) throws {
        var first = encoder.container(keyedBy: Key.self)
        try first.encode(1, forKey: .firstKey)
        var nested = first.nestedContainer(keyedBy: Inner.self, forKey: .nested)
        var list = nested.nestedUnkeyedContainer(forKey: .inner)
        try list.encode(1)
        var sublist = list.nestedUnkeyedContainer()
        try sublist.encode(2)
        var second = encoder.container(keyedBy: Key.self)
        try second.encode(2, forKey: .secondKey)
    }
}

/// Writes to a nested container after its parent moved on: fine for a tree, not for a stream.
private struct LateWriter: Encodable {
    enum Key: String, CodingKey { case a, b, c }

    func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: Key.self)
        var nested = outer.nestedContainer(keyedBy: Key.self, forKey: .a)
        try outer.encode(1, forKey: .b)
        try nested.encode(2, forKey: .c)
    }
}

private struct SuperEncoding: Encodable {
    enum Key: String, CodingKey { case a }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(1, forKey: .a)
        try Silent().encode(to: container.superEncoder())
    }
}

/// A seeded generator, so the random dates are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
