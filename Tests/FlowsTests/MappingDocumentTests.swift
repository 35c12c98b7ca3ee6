import Commerce
import Flows
import Foundation
import Testing

/// The stored format and the checks made when a mapping is saved: each problem names the
/// rule and its index, so the editor can show it beside the input that caused it.
@Suite struct MappingDocumentTests {
    @Test func theStoredFormatIsStableAndReadsBackAsTheSameMapping() throws {
        let mapping = Mapping(record: .stockLevel, timeZone: "Europe/Berlin",
                              fields: [FieldRule(target: "quantity", source: "Menge", transforms: [.trim, .decimalComma]),
                                       FieldRule(target: "location", source: nil, defaultValue: "WH1")],
                              valueMaps: [ValueMap(name: "stores", entries: [.init(from: "", to: "WH1")], fallback: nil)],
                              rules: [ValidationRule(field: "quantity", check: .range(min: "0", max: nil))])
        #expect(mapping.json.text == """
            {"fields":[{"source":"Menge","target":"quantity","transforms":[{"kind":"trim"},{"kind":"decimal_comma"}]},\
            {"default":"WH1","target":"location"}],"format":1,"record":"stock_level",\
            "rules":[{"check":"range","field":"quantity","max":null,"min":"0"}],"time_zone":"Europe/Berlin",\
            "value_maps":[{"entries":[{"from":"","to":"WH1"}],"fallback":null,"name":"stores"}]}
            """)
        #expect(try Mapping(jsonText: Array(mapping.json.text.utf8)) == mapping)
        #expect(try Mapping(json: MappingFixtures.wooCommerceOrderMapping.json) == MappingFixtures.wooCommerceOrderMapping)
        let encoded = try JSONEncoder().encode(MappingFixtures.stockMapping)
        #expect(try JSONDecoder().decode(Mapping.self, from: encoded) == MappingFixtures.stockMapping)
    }

    @Test func readingADocumentNamesEveryUnknownMemberAndWrongTypeAtOnce() throws {
        let text = """
            {"format": 1, "record": "order", "colour": "red",
             "fields": [{"target": "number", "source": 12},
                        {"target": "status", "transforms": [{"kind": "uper"}, {"kind": "map"}, {"kind": "trim", "name": "x"}]}],
             "rules": [{"field": "number", "check": "requird"}]}
            """
        let error = try #require(throws: MappingError.self) { try Mapping(jsonText: Array(text.utf8)) }
        #expect(error.problems.map(\.path) == [
            "colour", "fields[0].source", "fields[1].transforms[0].kind", "fields[1].transforms[1].name",
            "fields[1].transforms[2].name", "rules[0].check",
        ])
        #expect(error.problems[0].rule == .unknownField)
        #expect(error.problems[2].message.contains("'uper' is not a transform"))
        #expect(throws: MappingError.self) { try Mapping(jsonText: Array("{\"record\": ".utf8)) }
        #expect(throws: MappingError.self) { try Mapping(jsonText: Array(#"{"record": "invoice"}"#.utf8)) }
    }

    @Test func savingChecksFieldsPathsMapsPatternsAndDefaultsNamingEachRuleByIndex() {
        let mapping = Mapping(
            record: .order, timeZone: "Mars/Olympus",
            fields: [
                FieldRule(target: "numbr", source: "number"),
                FieldRule(target: "number", source: "line_items[*.sku"),
                FieldRule(target: "status", source: "status", transforms: [.valueMap("statuses")]),
                FieldRule(target: "lines[].sku", source: "line_items[*].sku"),
                FieldRule(target: "lines[].name", source: "fee_lines[*].name"),
                FieldRule(target: "note", source: "meta_data[*].value"),
                FieldRule(target: "total", source: nil, defaultValue: "twelve"),
                FieldRule(target: "paidAt", source: nil),
                FieldRule(target: "createdAt", source: "date", transforms: [.date("dd.QQ.yyyy")]),
                FieldRule(target: "number", source: "id"),
            ],
            valueMaps: [ValueMap(name: "Order Status", entries: [.init(from: "a", to: "b"), .init(from: "a", to: "c")])],
            rules: [
                ValidationRule(field: "number", check: .pattern("[A-Z")),
                ValidationRule(field: "note", check: .range(min: "10", max: "1")),
                ValidationRule(field: "customer.age", check: .required),
            ])
        let problems = mapping.problems(for: .inventorySync)
        let byPath = Dictionary(problems.map { ($0.path, $0) }) { first, _ in first }
        #expect(problems.map(\.path) == [
            "record", "time_zone", "value_maps[0].name", "value_maps[0].entries[1].from",
            "fields[0].target", "fields[1].source", "fields[2].transforms[0]", "fields[4].source", "fields[5].source",
            "fields[6].default", "fields[7].source", "fields[8].transforms[0]", "fields[9].target",
            "rules[0].pattern", "rules[1].check", "rules[1].max", "rules[2].field",
        ])
        #expect(byPath["record"]?.message == "the Inventory sync flow maps stock_level, not order")
        #expect(byPath["fields[0].target"]?.rule == .unknownField)
        #expect(byPath["fields[1].source"]?.message == "at position 13: expected ']', found '.'")
        #expect(byPath["fields[2].transforms[0]"]?.message == "there is no value map named 'statuses'")
        #expect(byPath["fields[4].source"]?.message.contains("lines[] takes its elements from line_items[*] (fields[3])") == true)
        #expect(byPath["fields[5].source"]?.message.contains("only list fields") == true)
        #expect(byPath["fields[8].transforms[0]"]?.message.contains("at position 4: 'QQ'") == true)
        #expect(byPath["fields[9].target"]?.message == "number is already filled by fields[1]")
        #expect(byPath["rules[0].pattern"]?.message == "'[A-Z' is not a regular expression")
    }

    @Test func theCapturedOrdersMappingHasNoProblems() {
        #expect(MappingFixtures.wooCommerceOrderMapping.problems(for: .orderToERP) == [])
        #expect(MappingFixtures.stockMapping.problems(for: .fileDrop) == [])
        #expect(MappingFixtures.wooCommerceOrderMapping.lookupTableNames == [])
        #expect(MappingFixtures.stockMapping.lookupTableNames == ["sku_xref"])
    }

    @Test func everyFlowMapsAtLeastOneRecordAndEveryRecordHasUniqueFields() {
        for flow in FlowKind.allCases { #expect(!flow.mappedRecords.isEmpty, "\(flow)") }
        for record in CanonicalRecord.allCases {
            #expect(Set(record.fields.map(\.path)).count == record.fields.count, "\(record)")
        }
    }

    @Test func theEditorsPipelineNotationReadsAndPrintsTransforms() throws {
        let pipeline = try MappingTransform.pipeline(notation: " trim | Upper | map order_status|date dd.MM.yyyy HH:mm | decimal-comma").get()
        #expect(pipeline == [.trim, .uppercase, .valueMap("order_status"), .date("dd.MM.yyyy HH:mm"), .decimalComma])
        #expect(MappingTransform.notation(pipeline) == "trim | upper | map order_status | date dd.MM.yyyy HH:mm | decimal_comma")
        #expect(try MappingTransform.pipeline(notation: "  ").get() == [])
        #expect(throws: MappingNotationError("step 2: 'map' needs the name of a value map: map order_status")) {
            try MappingTransform.pipeline(notation: "trim | map").get()
        }
        #expect(throws: MappingNotationError("step 1: 'trim' takes no argument")) {
            try MappingTransform.pipeline(notation: "trim both").get()
        }
        #expect(throws: MappingNotationError.self) { try MappingTransform.pipeline(notation: "trim ||").get() }
    }
}
