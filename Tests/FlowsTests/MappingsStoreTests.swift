import Flows
import Foundation
import Postgres
import Tenancy
import Testing
import TestSupport

/// Mapping versions and lookup tables in real PostgreSQL, through the application role that
/// row-level security applies to: versions in order, every change audited, nothing written by
/// a refused save, and another partner can neither see nor write them.
@Suite struct MappingsStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A partner with an admin and a customer.
    static func partnerWithCustomer(_ db: TenantTestDatabase) throws -> (Principal, UUID) {
        let partner = try db.makePartner()
        let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
        let customer = try db.asCaller(admin) { connection, caller in
            try Customers.create(NewCustomer(name: "Corner Shop \(UUID().uuidString.prefix(6))"), by: caller, on: connection)
        }
        return (admin, customer.id)
    }

    static func save(_ mapping: Mapping, _ db: TenantTestDatabase, as principal: Principal, customer: UUID,
                     flow: FlowKind = .orderToERP, note: String? = nil, expected: Int?) throws -> MappingVersion {
        try db.asCaller(principal) { connection, caller in
            try Mappings.save(mapping, customer: customer, flow: flow, note: note, expectedVersion: expected, by: caller, on: connection)
        }
    }

    @Test func savesNumberedVersionsAndTheHighestIsCurrentEachAudited() throws {
        try TenantTestDatabase.withSchema { db in
            let (admin, customer) = try Self.partnerWithCustomer(db)
            var mapping = MappingFixtures.wooCommerceOrderMapping
            let first = try Self.save(mapping, db, as: admin, customer: customer, note: "First cut", expected: nil)
            mapping.fields.removeAll { $0.target == "note" }
            mapping.fields[0].source = "id"
            let second = try Self.save(mapping, db, as: admin, customer: customer, note: "  ", expected: 1)
            #expect((first.version, second.version) == (1, 2))
            #expect(second.note == nil, "a blank note is no note")

            let (current, versions) = try db.asCaller(admin) { connection, _ in
                (try Mappings.current(customer: customer, flow: .orderToERP, for: admin, on: connection),
                 try Mappings.versions(customer: customer, flow: .orderToERP, for: admin, on: connection))
            }
            #expect(current == second)
            #expect(current?.mapping == mapping)
            #expect(versions.map(\.version) == [2, 1])
            #expect(versions.last?.note == "First cut")
            #expect(versions.last?.authorEmail == admin.email)
            #expect(try db.count("SELECT count(*) FROM mapping_versions WHERE customer_id = \(customer)") == 2)

            let audits = try db.owner.query("""
                SELECT action, target_id, before::text, after::text FROM audit_log WHERE customer_id = \(customer) AND target_type = 'mapping'
                ORDER BY occurred_at
                """).map { try $0.decode((String, String, String?, String).self) }
            #expect(audits.map(\.0) == ["mapping.save", "mapping.save"])
            #expect(audits[0].1 == "\(customer.uuidString.lowercased())/order-to-erp")
            #expect(audits[0].2 == nil)
            #expect(audits[1].2?.contains(#""version": 1"#) == true)
            #expect(audits[1].3.contains(#""changed_fields": ["number"]"#), "\(audits[1].3)")
            #expect(audits[1].3.contains(#""removed_fields": ["note"]"#), "\(audits[1].3)")
        }
    }

    @Test func anInvalidMappingIsRefusedRuleByRuleAndNothingIsWritten() throws {
        try TenantTestDatabase.withSchema { db in
            let (admin, customer) = try Self.partnerWithCustomer(db)
            var mapping = MappingFixtures.wooCommerceOrderMapping
            mapping.fields[2].source = "status["
            mapping.fields.append(FieldRule(target: "lines[].sku", source: "x", transforms: [.lookup("sku_xref")]))
            let error = try #require(throws: TenancyError.self) {
                try Self.save(mapping, db, as: admin, customer: customer, note: String(repeating: "n", count: 501), expected: nil)
            }
            guard case .invalid(let problems) = error else { Issue.record("\(error)"); return }
            #expect(problems.map(\.field) == ["fields[2].source", "fields[29].target", "fields[29].transforms[0]", "note"])
            #expect(problems[2].message == "this customer has no lookup table named 'sku_xref'; import it first")
            let stock = try #require(throws: TenancyError.self) {
                try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: admin, customer: customer, flow: .inventorySync, expected: nil)
            }
            #expect(stock == .invalid([FieldProblem(field: "record", message: "the Inventory sync flow maps stock_level, not order")]))
            #expect(try db.count("SELECT count(*) FROM mapping_versions") == 0)
            #expect(try db.count("SELECT count(*) FROM audit_log WHERE action LIKE 'mapping.%'") == 0)
        }
    }

    @Test func aSaveStartedFromAnOlderVersionIsAConflictNotAnOverwrite() throws {
        try TenantTestDatabase.withSchema { db in
            let (admin, customer) = try Self.partnerWithCustomer(db)
            let operatorUser = try db.makeUser(.partnerOperator, partner: admin.partnerID)
            _ = try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: admin, customer: customer, expected: nil)
            _ = try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: operatorUser, customer: customer, expected: 1)
            #expect(throws: TenancyError.conflict(FieldProblem(
                field: "version", message: "2 was saved by \(operatorUser.email) since version 1 was opened; reload to see it"))) {
                try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: admin, customer: customer, expected: 1)
            }
            #expect(throws: TenancyError.conflict(FieldProblem(
                field: "version", message: "2 was saved by \(operatorUser.email) since the mapping was opened without one; reload to see it"))) {
                try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: admin, customer: customer, expected: 0)
            }
            #expect(throws: TenancyError.self) {
                try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: admin, customer: customer, flow: .returns, expected: 3)
            }
            #expect(try db.count("SELECT count(*) FROM mapping_versions") == 2)
        }
    }

    @Test func restoringSavesTheOldDocumentAsANewVersionAndSaysWhichItRestored() throws {
        try TenantTestDatabase.withSchema { db in
            let (admin, customer) = try Self.partnerWithCustomer(db)
            let original = MappingFixtures.wooCommerceOrderMapping
            var changed = original
            changed.timeZone = "Europe/Berlin"
            _ = try Self.save(original, db, as: admin, customer: customer, expected: nil)
            _ = try Self.save(changed, db, as: admin, customer: customer, expected: 1)
            let restored = try db.asCaller(admin) { connection, caller in
                try Mappings.restore(1, customer: customer, flow: .orderToERP, by: caller, on: connection)
            }
            #expect(restored.version == 3)
            #expect(restored.restoredFrom == 1)
            #expect(restored.note == "Restored version 1")
            #expect(restored.mapping == original)
            #expect(try db.count("SELECT count(*) FROM audit_log WHERE action = 'mapping.restore' AND customer_id = \(customer)") == 1)
            #expect(throws: TenancyError.notFound("mapping version")) {
                try db.asCaller(admin) { connection, caller in
                    try Mappings.restore(9, customer: customer, flow: .orderToERP, by: caller, on: connection)
                }
            }
        }
    }

    @Test func versionsCannotBeChangedAfterwards() throws {
        try TenantTestDatabase.withSchema { db in
            let (admin, customer) = try Self.partnerWithCustomer(db)
            _ = try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: admin, customer: customer, expected: nil)
            #expect(throws: PostgresError.self, "the application role has no UPDATE") {
                try db.asCaller(admin) { connection, _ in
                    try connection.execute("UPDATE mapping_versions SET note = 'rewritten' WHERE customer_id = \(customer)")
                }
            }
            #expect(throws: PostgresError.self, "not even the owner, by accident") {
                try db.owner.execute("UPDATE mapping_versions SET note = 'rewritten'")
            }
        }
    }

    @Test func anotherPartnerCanNeitherSeeNorWriteAPartnersMappingsOrTables() throws {
        try TenantTestDatabase.withSchema { db in
            let (admin, customer) = try Self.partnerWithCustomer(db)
            _ = try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: admin, customer: customer, expected: nil)
            _ = try db.asCaller(admin) { connection, caller in
                try Mappings.importLookupTable("sku_xref", csv: Array("key,value\nA,B\n".utf8), customer: customer, by: caller,
                                               now: Self.now, on: connection)
            }
            let (intruder, _) = try Self.partnerWithCustomer(db)
            #expect(throws: TenancyError.notFound("customer")) {
                try db.asCaller(intruder) { connection, _ in
                    try Mappings.current(customer: customer, flow: .orderToERP, for: intruder, on: connection)
                }
            }
            #expect(throws: TenancyError.notFound("customer")) {
                try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: intruder, customer: customer, expected: nil)
            }
            // Checking a mapping against the customer (as a preview does) finds no customer either.
            #expect(throws: TenancyError.notFound("customer")) {
                try db.asCaller(intruder) { connection, _ in
                    try Mappings.problems(of: MappingFixtures.wooCommerceOrderMapping, customer: customer, flow: .orderToERP,
                                          for: intruder, on: connection)
                }
            }
            #expect(throws: TenancyError.notFound("customer")) {
                try db.asCaller(intruder) { connection, _ in
                    try Mappings.lookupTables(named: [], customer: customer, for: intruder, on: connection)
                }
            }
            // Below the store, PostgreSQL itself: naming the other partner's ids outright.
            try db.asCaller(intruder) { connection, _ in
                let versions = try connection.query("SELECT count(*) FROM mapping_versions WHERE customer_id = \(customer)")
                    .single().decode(Int.self, at: 0)
                let tables = try connection.query("SELECT count(*) FROM lookup_tables WHERE customer_id = \(customer)")
                    .single().decode(Int.self, at: 0)
                #expect((versions, tables) == (0, 0))
            }
            let forged = try? db.asCaller(intruder) { connection, _ in
                try connection.execute("""
                    INSERT INTO mapping_versions (partner_id, customer_id, flow, version, document, author_email)
                    VALUES (\(admin.partnerID), \(customer), 'order-to-erp', 2, '{}', 'x@example.com')
                    """)
            }
            #expect(forged == nil, "row-level security refuses another partner's row")
            #expect(try db.count("SELECT count(*) FROM mapping_versions WHERE customer_id = \(customer)") == 1)
        }
    }

    @Test func customerViewersMayNotReadMappingsAndOperatorsMaySaveThem() throws {
        try TenantTestDatabase.withSchema { db in
            let (admin, customer) = try Self.partnerWithCustomer(db)
            let viewer = try db.makeUser(.customerViewer, partner: admin.partnerID, customer: customer)
            #expect(throws: TenancyError.forbidden(.mappingsRead)) {
                try db.asCaller(viewer) { connection, _ in
                    try Mappings.current(customer: customer, flow: .orderToERP, for: viewer, on: connection)
                }
            }
            let operatorUser = try db.makeUser(.partnerOperator, partner: admin.partnerID)
            #expect(try Self.save(MappingFixtures.wooCommerceOrderMapping, db, as: operatorUser, customer: customer, expected: nil).version == 1)
        }
    }

    @Test func aLookupTableIsImportedFromCSVReplacedAsAWholeAndReadByName() throws {
        try TenantTestDatabase.withSchema { db in
            let (admin, customer) = try Self.partnerWithCustomer(db)
            func importCSV(_ text: String, name: String = "sku_xref") throws -> LookupTableSummary {
                try db.asCaller(admin) { connection, caller in
                    try Mappings.importLookupTable(name, csv: Array(text.utf8), customer: customer, by: caller, now: Self.now,
                                                   on: connection)
                }
            }
            let first = try importCSV("\u{FEFF}Key,Value\r\nMUG-1,SKU-34d1a6-1\r\n\"TEA, GREEN\",\"T-\"\"G\"\"\"\r\n")
            #expect(first.name == "sku_xref" && first.rowCount == 2 && first.importedAt == Self.now && first.importedByEmail == admin.email)
            let tables = try db.asCaller(admin) { connection, _ in
                try Mappings.lookupTables(named: ["sku_xref", "missing"], customer: customer, for: admin, on: connection)
            }
            #expect(tables == LookupTables(["sku_xref": ["MUG-1": "SKU-34d1a6-1", "TEA, GREEN": "T-\"G\""]]))

            let refused = try #require(throws: TenancyError.self) { try importCSV("key,value\nA,1\n,2\nA,3\nB,4,5\n") }
            #expect(refused == .invalid([
                FieldProblem(field: "csv", message: "line 3: the key is empty"),
                FieldProblem(field: "csv", message: "line 4: the key 'A' is already on line 2"),
                FieldProblem(field: "csv", message: "line 5: has 3 values; a row is key,value (quote a value that holds a comma)"),
            ]))
            #expect(try db.count("SELECT row_count FROM lookup_tables WHERE customer_id = \(customer)") == 2, "a refused file changes nothing")

            _ = try importCSV("key,value\nMUG-2,SKU-2\n")
            let replaced = try db.owner.query("SELECT rows::text FROM lookup_tables WHERE customer_id = \(customer)").single()
                .decode(String.self, at: 0)
            #expect(replaced == #"{"MUG-2": "SKU-2"}"#)
            #expect(throws: TenancyError.invalid("name", "must be " + MappingName.rule)) { try importCSV("key,value\n", name: "SKU XREF") }
            #expect(try db.count("SELECT count(*) FROM audit_log WHERE action = 'lookup_table.import' AND customer_id = \(customer)") == 2)

            // Now a mapping may name it.
            var mapping = MappingFixtures.wooCommerceOrderMapping
            mapping.fields[17].transforms = [.trim, .lookup("sku_xref")]
            #expect(try Self.save(mapping, db, as: admin, customer: customer, expected: nil).mapping.lookupTableNames == ["sku_xref"])
        }
    }
}
