import Foundation
import Postgres
import Testing

/// `copyFrom` streams rows through COPY's text format with every awkward character intact.
@Suite struct CopyTests {
    @Test func copiesAwkwardTextNullsAndEveryTypeIntact() throws {
        let awkward = ["tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\.", "", "emoji 🧾", "comma,quote\"'"]
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("""
                CREATE TABLE "Stock Levels" (id int8, label text, quantity numeric, seen timestamptz, raw bytea, tags jsonb)
                """)
            let seen = Date.make(microsecondsSince1970: 1_700_000_000_654_321)
            var rows: [[any PostgresEncodable]] = awkward.enumerated().map { index, label in
                [index, label, Decimal(string: "-12.5")!, seen, [UInt8]([0, 9, 10, 92]), PostgresJSON(["k": label])]
            }
            rows.append([99, String?.none, Decimal?.none, Date?.none, [UInt8]?.none, PostgresJSON<[String: String]>?.none])
            let copied = try connection.copyFrom(table: "Stock Levels", schema: db.name,
                                                 columns: ["id", "label", "quantity", "seen", "raw", "tags"], rows: rows)
            #expect(copied == awkward.count + 1)

            let back = try connection.query("""
                SELECT id, label, quantity, seen, raw, tags FROM "Stock Levels" ORDER BY id
                """).decode((Int, String?, Decimal?, Date?, [UInt8]?, PostgresJSON<[String: String]>?).self)
            #expect(back.map(\.1) == awkward + [nil])
            #expect(back.dropLast().allSatisfy { $0.2 == Decimal(string: "-12.5") && $0.3 == seen && $0.4 == [0, 9, 10, 92] })
            #expect(back.dropLast().map { $0.5?.value["k"] } == awkward)
            #expect(back.last?.2 == nil && back.last?.3 == nil && back.last?.4 == nil && back.last?.5 == nil)
        }
    }

    @Test func copiesManyRowsAcrossChunks() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("CREATE TABLE events (id int8, body text)")
            let body = String(repeating: "x", count: 500)
            let copied = try connection.copyFrom(table: "events", columns: ["id", "body"],
                                                 rows: (1...2000).lazy.map { [$0, body] as [any PostgresEncodable] })
            #expect(copied == 2000)
            #expect(try connection.query("SELECT sum(id)::int8 FROM events").single().decode(Int.self, at: 0) == 2000 * 2001 / 2)
        }
    }

    @Test func aRowOfTheWrongWidthAbortsTheWholeCopy() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("CREATE TABLE pairs (a int, b text)")
            let error = #expect(throws: PostgresError.self) {
                try connection.copyFrom(table: "pairs", columns: ["a", "b"], rows: [[1, "one"], [2]])
            }
            #expect(error?.kind == .invalidUsage)
            #expect(error?.message.contains("row 2") == true)
            #expect(try connection.query("SELECT count(*) FROM pairs").single().decode(Int.self, at: 0) == 0)
            #expect(try connection.query("SELECT 1").count == 1)
        }
    }

    @Test func serverRejectionsSurfaceAsPostgresErrors() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("CREATE TABLE unique_skus (sku text PRIMARY KEY)")
            let duplicate = #expect(throws: PostgresError.self) {
                try connection.copyFrom(table: "unique_skus", columns: ["sku"], rows: [["A"], ["A"]])
            }
            #expect(duplicate?.code == .uniqueViolation)
            let noColumn = #expect(throws: PostgresError.self) {
                try connection.copyFrom(table: "unique_skus", columns: ["nope"], rows: [["A"]])
            }
            #expect(noColumn?.code == .undefinedColumn)
            #expect(try connection.query("SELECT count(*) FROM unique_skus").single().decode(Int.self, at: 0) == 0)
        }
    }
}
