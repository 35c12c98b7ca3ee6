import Foundation
import Postgres
import Testing

/// Every supported type goes to PostgreSQL as a parameter, is stored or cast by the server, and
/// comes back equal — including NULL and the awkward edges of each type.
@Suite struct RoundTripTests {
    /// Sends `value` as `$1`, casts it to `sqlType` on the server, and decodes the result.
    private func roundTrip<Value: PostgresEncodable & PostgresDecodable>(
        _ value: Value, as sqlType: String, on connection: PostgresConnection
    ) throws -> Value {
        let rows = try connection.query(PostgresQuery(unsafeSQL: "SELECT $1::\(sqlType) AS value", binds: [value]))
        return try rows.single().decode(Value.self, column: "value")
    }

    @Test func integersRoundTripAtTheirLimits() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            for value in [0, 1, -1, Int.max, Int.min] {
                #expect(try roundTrip(value, as: "int8", on: connection) == value)
            }
            for value in [Int64.max, Int64.min] { #expect(try roundTrip(value, as: "int8", on: connection) == value) }
            for value in [Int32.max, Int32.min] { #expect(try roundTrip(value, as: "int4", on: connection) == value) }
            for value in [Int16.max, Int16.min] { #expect(try roundTrip(value, as: "int2", on: connection) == value) }
        }
    }

    @Test func doublesRoundTripExactlyIncludingSpecialValues() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            for value in [0.1, -2.5e-300, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude, .pi, .infinity, -.infinity] {
                #expect(try roundTrip(value, as: "float8", on: connection) == value)
            }
            #expect(try roundTrip(Double.nan, as: "float8", on: connection).isNaN)
            #expect(try roundTrip(Float(1.1), as: "float4", on: connection) == Float(1.1))
        }
    }

    @Test func booleansAndUUIDsRoundTrip() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            #expect(try roundTrip(true, as: "bool", on: connection) == true)
            #expect(try roundTrip(false, as: "bool", on: connection) == false)
            let id = UUID()
            #expect(try roundTrip(id, as: "uuid", on: connection) == id)
        }
    }

    @Test func unicodeAndAwkwardStringsRoundTrip() throws {
        let strings = ["", "plain", "Grüße, Zürich", "日本語テキスト", "emoji 🧾🛒👩🏽‍💻", "quote ' and \" and \\ backslash",
                       "tab\tnew\nline\r", "$1 is not a parameter", "-- not a comment", String(repeating: "ä", count: 100_000)]
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            for string in strings {
                #expect(try roundTrip(string, as: "text", on: connection) == string)
            }
        }
    }

    @Test func bytesRoundTripIncludingNULAndEveryByteValue() throws {
        let bytes: [UInt8] = [0x00, 0x00, 0xFF, 0x5C, 0x27] + (0...255).map { UInt8($0) }
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            #expect(try roundTrip(bytes, as: "bytea", on: connection) == bytes)
            #expect(try roundTrip([UInt8](), as: "bytea", on: connection) == [])
            #expect(try roundTrip(Data(bytes), as: "bytea", on: connection) == Data(bytes))
        }
    }

    @Test func timestampsRoundTripToTheMicrosecondBeforeAndAfter1970() throws {
        // Built from whole microseconds, as the decoder builds them, so equality is exact.
        let microsecondsSince1970: [Int64] = [
            0, 1, -1, 1_700_000_000_123_456, -14_182_940_000_000 + 123_456, // 1969-07-20 20:17:40.123456
            -2_208_988_800_000_000, // 1900-01-01
            946_684_799_999_999, // 1999-12-31 23:59:59.999999
        ]
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            for microseconds in microsecondsSince1970 {
                let date = Date.make(microsecondsSince1970: microseconds)
                let back = try roundTrip(date, as: "timestamptz", on: connection)
                #expect(back == date, "\(microseconds) µs since 1970")
            }
        }
    }

    @Test(arguments: ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam"])
    func timestampsDecodeToTheSameInstantWhateverTheSessionTimeZone(timeZone: String) throws {
        // Amsterdam's 1900 offset was +00:19:32 and St John's is −03:30: offsets with minutes and
        // seconds. The server's own epoch arithmetic is the independent reference.
        let values = ["'2024-03-01 12:34:56.789012+05:30'::timestamptz", "'1969-07-20 20:17:40.5'::timestamp",
                      "'0044-03-15 BC'::date", "'1900-02-28 23:59:59.999999-08'::timestamptz"]
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.transaction { connection in
                try connection.setLocal("TimeZone", timeZone)
                for value in values {
                    let row = try connection.query(PostgresQuery(unsafeSQL: """
                        SELECT \(value) AS value, (extract(epoch FROM \(value)) * 1000000)::int8 AS microseconds
                        """)).single()
                    let microseconds = try row.decode(Int64.self, column: "microseconds")
                    #expect(try row.decode(Date.self, column: "value") == .make(microsecondsSince1970: microseconds),
                            "\(value) in \(timeZone)")
                }
            }
        }
    }

    @Test func bigAndNegativeNumericsRoundTripWithoutLoss() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            for text in ["12345678901234567890.123456789", "-12345678901234567890.123456789", "0", "-0.000000001",
                         "99999999999999999999999999999999999999"] {
                let decimal = try #require(Decimal(string: text))
                #expect(try roundTrip(decimal, as: "numeric", on: connection) == decimal, "\(text)")
            }
            for text in ["12345678901234567890.123456789", "-1234567890123456789012345678901234567890.0123456789",
                         "1.50", "NaN", "Infinity", "-Infinity", "0.000000000000000000000000000000000000000001"] {
                let numeric = try #require(PostgresNumeric(text))
                #expect(try roundTrip(numeric, as: "numeric", on: connection) == numeric, "\(text)")
            }
        }
    }

    @Test func nestedCodableRoundTripsThroughJSONB() throws {
        struct Line: Codable, Equatable { var sku: String; var quantity: Int; var note: String? }
        struct Order: Codable, Equatable { var id: UUID; var lines: [Line]; var tags: [String: String]; var total: Decimal }
        let order = Order(id: UUID(), lines: [Line(sku: "SKU-1", quantity: 2, note: "gift \"wrap\""),
                                              Line(sku: "Ü-2", quantity: 1, note: nil)],
                          tags: ["channel": "pos", "emoji": "🛒"], total: Decimal(string: "19.99")!)
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("CREATE TABLE orders (id int PRIMARY KEY, body jsonb NOT NULL)")
            try connection.execute("INSERT INTO orders VALUES (1, \(PostgresJSON(order)))")
            let row = try connection.query("SELECT body, body->'lines'->1->>'sku' AS second_sku FROM orders").single()
            #expect(try row.decode(PostgresJSON<Order>.self, column: "body").value == order)
            #expect(try row.decodeJSON(Order.self, column: "body") == order)
            #expect(try row.decode(String.self, column: "second_sku") == "Ü-2")
        }
    }

    @Test func nilTravelsAsNullAndNullDecodesAsNil() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("""
                CREATE TABLE maybe (i int8, d float8, b bool, s text, u uuid, t timestamptz, n numeric, bytes bytea, j jsonb)
                """)
            let none: Int? = nil
            try connection.execute("""
                INSERT INTO maybe VALUES (\(none), \(Double?.none), \(Bool?.none), \(String?.none), \(UUID?.none),
                                          \(Date?.none), \(Decimal?.none), \([UInt8]?.none), \(PostgresJSON<[Int]>?.none))
                """)
            let row = try connection.query("SELECT * FROM maybe").single()
            let values = try row.decode((Int?, Double?, Bool?, String?, UUID?, Date?, Decimal?, [UInt8]?, PostgresJSON<[Int]>?).self)
            #expect(values.0 == nil && values.1 == nil && values.2 == nil && values.3 == nil && values.4 == nil)
            #expect(values.5 == nil && values.6 == nil && values.7 == nil && values.8 == nil)
            #expect(try row.isNull(column: "s"))
        }
    }
}

extension Date {
    /// A date built from whole microseconds the way the decoder builds one.
    static func make(microsecondsSince1970 microseconds: Int64) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(microseconds - 978_307_200_000_000) / 1_000_000)
    }
}
