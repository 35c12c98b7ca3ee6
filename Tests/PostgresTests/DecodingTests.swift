import Foundation
import Postgres
import Testing

/// Decoding refuses what it cannot represent and says which column, which PostgreSQL type and
/// which Swift type were involved.
@Suite struct DecodingTests {
    @Test func uuidsDecodeFromUuidColumnsAndFromTextInEitherCase() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            let expected = try #require(UUID(uuidString: "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"))
            let row = try connection.query("""
                SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS native,
                       'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::text AS upper,
                       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g'::text AS bad_digit,
                       'a0eebc999c0b4ef8bb6d6bb9bd380a11'::text AS no_dashes,
                       NULL::uuid AS missing
                """).single()
            #expect(try row.decode(UUID.self, column: "native") == expected)
            #expect(try row.decode(UUID.self, column: "upper") == expected)
            #expect(try row.decode(UUID?.self, column: "missing") == nil)
            for column in ["bad_digit", "no_dashes", "missing"] {
                let error = #expect(throws: PostgresError.self, "\(column)") { try row.decode(UUID.self, column: column) }
                #expect(error?.decoding?.columnName == column)
            }
        }
    }

    @Test func decimalRefusesANumericItWouldHaveToRound() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            let text = "1234567890123456789012345678901234567890.0123456789"
            let row = try connection.query("SELECT \(PostgresNumeric(text)!)::numeric AS amount").single()
            let error = #expect(throws: PostgresError.self) { try row.decode(Decimal.self, column: "amount") }
            #expect(error?.kind == .decoding)
            #expect(error?.decoding?.columnName == "amount")
            #expect(error?.decoding?.dataType == .numeric)
            #expect(error?.decoding?.swiftType.contains("Decimal") == true)
            #expect(try row.decode(PostgresNumeric.self, column: "amount").text == text)
        }
    }

    @Test func decodingErrorsNameColumnPostgresTypeAndSwiftType() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            let row = try connection.query("SELECT 1.5::numeric AS price, NULL::text AS nickname, 70000 AS big").single()

            let wrongType = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "price") }
            #expect(wrongType?.decoding == .init(columnName: "price", columnIndex: 0, dataType: .numeric, swiftType: "Swift.Int"))
            #expect(wrongType?.description.contains("\"price\"") == true)
            #expect(wrongType?.description.contains("numeric") == true)

            let null = #expect(throws: PostgresError.self) { try row.decode(String.self, column: "nickname") }
            #expect(null?.decoding?.columnName == "nickname")
            #expect(null?.message.contains("NULL") == true)
            #expect(try row.decode(String?.self, column: "nickname") == nil)

            let overflow = #expect(throws: PostgresError.self) { try row.decode(Int16.self, column: "big") }
            #expect(overflow?.decoding?.dataType == .int4)
            #expect(try row.decode(Int32.self, at: 2) == 70000)
        }
    }

    @Test func unknownColumnNamesTheColumnsThatExist() throws {
        try TestDatabase.withSchema { db in
            let row = try db.connect().query("SELECT 1 AS id, 'x' AS name").single()
            let error = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "identifier") }
            #expect(error?.message.contains("identifier") == true)
            #expect(error?.message.contains("id, name") == true)
        }
    }

    @Test func rowsDecodeIntoTuplesInColumnOrder() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("CREATE TABLE people (id int8, name text, nickname text)")
            try connection.execute("INSERT INTO people VALUES (1, 'Ada', NULL), (2, 'Grace', 'Amazing')")
            let people = try connection.query("SELECT id, name, nickname FROM people ORDER BY id").decode((Int, String, String?).self)
            #expect(people.map(\.0) == [1, 2])
            #expect(people.map(\.1) == ["Ada", "Grace"])
            #expect(people.map(\.2) == [nil, "Amazing"])
            #expect(try connection.query("SELECT id FROM people ORDER BY id").decode(Int.self) == [1, 2])
        }
    }

    @Test func tupleDecodingRefusesAColumnCountMismatch() throws {
        try TestDatabase.withSchema { db in
            let rows = try db.connect().query("SELECT 1, 'a', true")
            let error = #expect(throws: PostgresError.self) { try rows.decode((Int, String).self) }
            #expect(error?.message.contains("3 columns but 2 types") == true)
        }
    }

    @Test func jsonThatDoesNotMatchTheTypeSaysWhere() throws {
        struct Payload: Codable { var id: Int; var lines: [String] }
        try TestDatabase.withSchema { db in
            let row = try db.connect().query(#"SELECT '{"id": 1, "lines": ["a", 2]}'::jsonb AS body"#).single()
            let error = #expect(throws: PostgresError.self) { try row.decodeJSON(Payload.self, column: "body") }
            #expect(error?.decoding?.dataType == .jsonb)
            #expect(error?.message.contains("lines") == true)
        }
    }

    @Test func infiniteTimestampsAreRefusedNotReplaced() throws {
        try TestDatabase.withSchema { db in
            let row = try db.connect().query("SELECT 'infinity'::timestamptz AS forever").single()
            let error = #expect(throws: PostgresError.self) { try row.decode(Date.self, column: "forever") }
            #expect(error?.kind == .decoding)
        }
    }
}
