import Commerce
import Flows
import Foundation
import Testing

/// The evaluator on real-looking records: a captured WooCommerce order and a legacy CSV row.
/// Every outcome is fields plus problems; nothing a record holds makes it crash.
@Suite struct MappingEvaluatorTests {
    @Test func mapsACapturedWooCommerceOrderIntoCanonicalFields() throws {
        let result = MappingEvaluator.apply(MappingFixtures.wooCommerceOrderMapping, to: try MappingFixtures.wooCommerceOrder())
        #expect(result.problems == [])
        #expect(result.value(at: "number") == .string("23"))
        #expect(result.value(at: "externalID") == .string("23"))
        #expect(result.value(at: "status") == .string("completed"))
        #expect(result.value(at: "currency") == .string("EUR"))
        #expect(result.value(at: "taxInclusion") == .string("exclusive"))
        #expect(result.value(at: "createdAt") == .string("2026-11-22T08:44:33Z"))
        #expect(result.value(at: "total") == .number(Decimal(string: "64.90")!))
        #expect(result.value(at: "customer.email") == .string("cust-34d1a6@example.test"))
        #expect(result.value(at: "billingAddress.country") == .string("DE"))
        #expect(result.value(at: "billingAddress.line2") == nil, "WooCommerce's empty address_2 is no value")
        #expect(result.value(at: "note") == nil)
        #expect(result.value(at: "lines[0].sku") == .string("SKU-34d1a6-1"))
        #expect(result.value(at: "lines[0].quantity") == .number(2))
        #expect(result.value(at: "lines[0].unitPrice") == .number(Decimal(string: "17.5")!))
        #expect(result.value(at: "lines[1].sku") == .string("SHIRT-34d1a6-S"))
        #expect(result.value(at: "lines[1].taxClass") == .string("standard"), "the empty tax class is the standard one")
        #expect(result.value(at: "shippingLines[0].amount") == .number(Decimal(string: "4.90")!))
        #expect(result.value(at: "payments[0].method") == .string("bacs"))
        #expect(result.value(at: "payments[0].paidAt") == .string("2026-11-22T08:44:33Z"))

        guard case .object(let fields) = result.fields, case .array(let lines)? = fields["lines"],
              case .object(let address)? = fields["billingAddress"] else {
            Issue.record("fields are not nested as the record: \(result.fields)")
            return
        }
        #expect(lines.count == 2)
        #expect(lines[1]["name"] == .string("Test Shirt 34d1a6 - S"))
        #expect(address["city"] == .string("Berlin"))
        #expect(fields["payments"] == .array([.object([
            "method": .string("bacs"), "methodTitle": .string("Bank transfer"), "amount": .number(Decimal(string: "64.90")!),
            "paidAt": .string("2026-11-22T08:44:33Z"),
        ])]))
    }

    @Test func aStatusTheValueMapDoesNotKnowIsAProblemNamingTheFieldAndTheSourceAndTheRestStillMaps() throws {
        let order = try MappingFixtures.wooCommerceOrder(setting: "status", to: .string("wc-shipped"))
        let result = MappingEvaluator.apply(MappingFixtures.wooCommerceOrderMapping, to: order)
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.path == "status")
        #expect(problem.rule == .unknownReference)
        #expect(problem.message == "from status: 'wc-shipped' is not in the value map order_status")
        #expect(result.value(at: "status") == nil)
        #expect(result.value(at: "number") == .string("23"))
    }

    @Test func problemsInAListNameTheElementTheyBelongTo() throws {
        var order = try MappingFixtures.wooCommerceOrder()
        guard case .object(var members) = order, case .array(var lines)? = members["line_items"],
              case .object(var first) = lines[0], case .object(var second) = lines[1] else { throw MappingFixtures.FixtureError.missingBody }
        first["quantity"] = .string("2,5")
        second["sku"] = .string("   ")
        lines[0] = .object(first)
        lines[1] = .object(second)
        members["line_items"] = .array(lines)
        order = .object(members)

        let result = MappingEvaluator.apply(MappingFixtures.wooCommerceOrderMapping, to: order)
        #expect(result.problems.map(\.path) == ["lines[0].quantity", "lines[1].sku"])
        #expect(result.problems.map(\.rule) == [.malformed, .required])
        #expect(result.problems[0].message.contains("decimal_comma"), "the message says how to fix it")
        #expect(result.value(at: "lines[1].name") == .string("Test Shirt 34d1a6 - S"))
    }

    @Test func validationRulesCheckTheMappedValues() throws {
        let order = try MappingFixtures.wooCommerceOrder(setting: "billing", to: .object(["country": .string("deu")]))
        var mapping = MappingFixtures.wooCommerceOrderMapping
        mapping.rules.append(ValidationRule(field: "total", check: .range(min: nil, max: "50")))
        mapping.rules.append(ValidationRule(field: "currency", check: .oneOf(["USD", "GBP"])))
        let result = MappingEvaluator.apply(mapping, to: order)
        #expect(result.problems == [
            ValidationProblem("billingAddress.country", .malformed, "from billing.country: 'DEU' is not an ISO 3166-1 country code such as DE"),
            ValidationProblem("total", .outOfRange, "64.9 is above the maximum 50"),
            ValidationProblem("currency", .notOneOf, "'EUR' is not one of USD, GBP"),
        ])
    }

    @Test func aSelectorReadsTheMetaDataEntryWithTheGivenKey() throws {
        let mapping = Mapping(record: .order, fields: [
            FieldRule(target: "number", source: "meta_data[key=_pos_ref].value"),
            FieldRule(target: "note", source: "meta_data[key=_no_such_key].value", defaultValue: "none"),
            FieldRule(target: "lines[].sku", source: "line_items[*].meta_data[key=size].value"),
            FieldRule(target: "lines[].name", source: "line_items[*].meta_data[0].display_key"),
        ])
        let result = MappingEvaluator.apply(mapping, to: try MappingFixtures.wooCommerceOrder())
        #expect(result.problems == [])
        #expect(result.value(at: "number") == .string("POS-34d1a6"))
        #expect(result.value(at: "note") == .string("none"), "a missing entry takes the default")
        #expect(result.value(at: "lines[0].sku") == nil)
        #expect(result.value(at: "lines[1].sku") == .string("S"))
        #expect(result.value(at: "lines[0].name") == .string("_reduced_stock"))
    }

    @Test func aLegacyCSVRowWithDecimalCommasLocalDatesAndALookupTableMaps() {
        let result = MappingEvaluator.apply(MappingFixtures.stockMapping, to: MappingFixtures.stockRow,
                                            lookups: MappingFixtures.skuCrossReference)
        #expect(result.problems == [])
        #expect(result.value(at: "sku") == .string("SKU-34d1a6-1"))
        #expect(result.value(at: "location") == .string("WH1"))
        #expect(result.value(at: "quantity") == .number(Decimal(string: "1234.5")!))
        #expect(result.value(at: "asOf") == .string("2026-11-22T08:44:00Z"), "09:44 in Berlin in November is 08:44 UTC")
    }

    @Test func aKeyMissingFromTheLookupTableOrAMissingTableIsAProblem() {
        var row = MappingFixtures.stockRow
        if case .object(var members) = row { members["Artikel"] = .string("TEAPOT"); row = .object(members) }
        let missingKey = MappingEvaluator.apply(MappingFixtures.stockMapping, to: row, lookups: MappingFixtures.skuCrossReference)
        #expect(missingKey.problems == [
            ValidationProblem("sku", .unknownReference, "from Artikel: 'TEAPOT' is not in the lookup table sku_xref"),
        ], "reported once: the failed field is not also called missing")
        let missingTable = MappingEvaluator.apply(MappingFixtures.stockMapping, to: MappingFixtures.stockRow)
        #expect(missingTable.problems.map(\.message) == ["from Artikel: the lookup table sku_xref does not exist"])
    }

    @Test func datesAndNumbersThatDoNotParseAreProblemsNotGuesses() {
        let row: JSON = .object(["Artikel": .string("MUG-1"), "Lager": .string("Hauptlager"), "Menge": .string("1.23"),
                                 "Stand": .string("31.04.2026 10:00")])
        let result = MappingEvaluator.apply(MappingFixtures.stockMapping, to: row, lookups: MappingFixtures.skuCrossReference)
        #expect(result.problems.map(\.path) == ["quantity", "asOf"])
        #expect(result.problems.allSatisfy { $0.rule == .malformed })
        #expect(result.value(at: "quantity") == nil, "1.23 with a decimal comma is neither 1.23 nor 123")
    }

    @Test func defaultsFillMissingAndEmptyValuesAndAFieldWithoutASourceIsAConstant() throws {
        let mapping = Mapping(record: .order, fields: [
            FieldRule(target: "number", source: "number"),
            FieldRule(target: "currency", source: "currency", defaultValue: "EUR"),
            FieldRule(target: "note", source: "customer_note", defaultValue: "no note"),
            FieldRule(target: "taxInclusion", source: nil, defaultValue: "inclusive"),
        ])
        let order = try MappingFixtures.wooCommerceOrder(setting: "currency", to: .null)
        let result = MappingEvaluator.apply(mapping, to: order)
        #expect(result.problems == [])
        #expect(result.value(at: "currency") == .string("EUR"))
        #expect(result.value(at: "note") == .string("no note"))
        #expect(result.value(at: "taxInclusion") == .string("inclusive"))
    }

    @Test func recordsOfTheWrongShapeGiveProblemsNotCrashes() throws {
        let mapping = MappingFixtures.wooCommerceOrderMapping
        #expect(MappingEvaluator.apply(mapping, to: .array([])).problems.map(\.path) == [""])
        let shapes: [JSON] = [.null, .bool(true), .number(1), .string("x"), .array([.null]), .object(["a": .null])]
        for shape in shapes {
            for member in ["billing", "line_items", "status", "number", "shipping_lines"] {
                let record = try MappingFixtures.wooCommerceOrder(setting: member, to: shape)
                _ = MappingEvaluator.apply(mapping, to: record)
            }
        }
        let notAList = MappingEvaluator.apply(mapping, to: try MappingFixtures.wooCommerceOrder(setting: "line_items", to: .string("x")))
        #expect(notAList.problems.contains { $0.path == "lines" && $0.message.contains("a string stands where a list was expected") })
        let objectStatus = MappingEvaluator.apply(mapping, to: try MappingFixtures.wooCommerceOrder(setting: "status", to: .object([:])))
        #expect(objectStatus.problems.contains { $0.path == "status" && $0.message.contains("an object") })
    }

    @Test func aMappingThatDoesNotCompileGivesItsOwnProblemsAndNoFields() throws {
        let broken = Mapping(record: .order, fields: [FieldRule(target: "numbr", source: "number")])
        let result = MappingEvaluator.apply(broken, to: try MappingFixtures.wooCommerceOrder())
        #expect(result.values == [])
        #expect(result.problems.map(\.path) == ["fields[0].target"])
        #expect(result.problems[0].message.hasPrefix("the mapping itself:"))
    }

    @Test func aCompiledMappingGivesTheSameResultAsTheDocument() throws {
        let compiled = try MappingFixtures.wooCommerceOrderMapping.compiled()
        let order = try MappingFixtures.wooCommerceOrder()
        #expect(compiled.apply(to: order) == MappingEvaluator.apply(MappingFixtures.wooCommerceOrderMapping, to: order))
    }
}
