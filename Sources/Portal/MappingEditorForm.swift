import Flows
import HTTP

/// The mapping editor's form: a mapping as rows of inputs, and back. Rows are numbered inputs
/// (`field_source_3`), so a page without JavaScript can hold any number of them; a blank row
/// is how a row is added, and a row left blank is dropped.
///
/// Field rows write transforms in the pipeline notation (`trim | map order_status`), rule rows
/// a check and its argument, value maps one `from = to` per line. What the form cannot read
/// is reported by row; what the mapping's own check refuses (`fields[3].source`) is put back on
/// the row it came from, which `EditorPlacement` knows.
struct MappingEditorForm {
    struct FieldRow: Equatable {
        var target = "", source = "", transforms = "", defaultValue = ""
        var isBlank: Bool { [target, source, transforms, defaultValue].allSatisfy { $0.strippingBlanks.isEmpty } }
    }

    struct RuleRow: Equatable {
        var field = "", check = "", argument = ""
        var isBlank: Bool { field.isEmpty && argument.strippingBlanks.isEmpty }
    }

    struct MapRow: Equatable {
        var name = "", entries = "", fallback = ""
        var isBlank: Bool { [name, entries, fallback].allSatisfy { $0.strippingBlanks.isEmpty } }
    }

    var record: String
    var timeZone: String
    var fields: [FieldRow]
    var rules: [RuleRow]
    var maps: [MapRow]
    var sample: String
    var note: String
    /// The version the editor was opened on: 0 before the first save, nil when a post did not
    /// say (a save then skips the check).
    var basedOn: Int?

    /// Most rows of each kind read from a post; far above any mapping's needs.
    static let maximumRows = 400
    /// The checks a rule row offers.
    static let checks = ValidationRule.Check.kinds

    /// A stored mapping, ready to edit.
    init(_ mapping: Mapping, basedOn: Int?, sample: String = "") {
        record = mapping.record.rawValue
        timeZone = mapping.timeZone
        fields = mapping.fields.map {
            FieldRow(target: $0.target, source: $0.source ?? "", transforms: MappingTransform.notation($0.transforms),
                     defaultValue: $0.defaultValue ?? "")
        }
        rules = mapping.rules.map { rule in
            let argument: String = switch rule.check {
            case .required: ""
            case .pattern(let pattern): pattern
            case .oneOf(let values): values.joined(separator: " | ")
            case .range(let min, let max): "\(min ?? "")..\(max ?? "")"
            case .maxLength(let length): String(length)
            }
            return RuleRow(field: rule.field, check: rule.check.kind, argument: argument)
        }
        maps = mapping.valueMaps.map { map in
            MapRow(name: map.name, entries: map.entries.map { "\($0.from) = \($0.to)" }.joined(separator: "\n"),
                   fallback: map.fallback ?? "")
        }
        self.sample = sample
        note = ""
        self.basedOn = basedOn
    }

    /// The form as posted.
    init(form: FormBody) {
        record = form["record"] ?? ""
        timeZone = (form["time_zone"] ?? "").strippingBlanks
        func rows<Row>(_ prefix: String, _ make: (Int) -> Row) -> [Row] {
            let indexes = Set(form.fields.compactMap { field -> Int? in
                guard field.name.hasPrefix(prefix), let index = Int(field.name.dropFirst(prefix.count)) else { return nil }
                return (0..<Self.maximumRows).contains(index) ? index : nil
            })
            return indexes.sorted().map(make)
        }
        // Blank rows are dropped as they are read, so the page offers the same few blank rows
        // again instead of piling them up with every preview.
        fields = rows("field_target_") { index in
            FieldRow(target: form["field_target_\(index)"] ?? "", source: form["field_source_\(index)"] ?? "",
                     transforms: form["field_transforms_\(index)"] ?? "", defaultValue: form["field_default_\(index)"] ?? "")
        }.filter { !$0.isBlank }
        rules = rows("rule_field_") { index in
            RuleRow(field: form["rule_field_\(index)"] ?? "", check: form["rule_check_\(index)"] ?? "",
                    argument: form["rule_argument_\(index)"] ?? "")
        }.filter { !$0.isBlank }
        maps = rows("map_name_") { index in
            MapRow(name: form["map_name_\(index)"] ?? "", entries: form["map_entries_\(index)"] ?? "",
                   fallback: form["map_fallback_\(index)"] ?? "")
        }.filter { !$0.isBlank }
        sample = form["sample"] ?? ""
        note = form["note"] ?? ""
        basedOn = form["based_on"].flatMap { Int($0) }
    }

    /// The mapping the rows describe, and where each of its entries came from; or the
    /// problems of rows that do not read, keyed as `EditorPlacement` keys them.
    func document(defaultRecord: CanonicalRecord) -> (Mapping, EditorPlacement) {
        var placement = EditorPlacement()
        var mapping = Mapping(record: CanonicalRecord(rawValue: record) ?? defaultRecord, timeZone: timeZone.isEmpty ? "UTC" : timeZone)
        if CanonicalRecord(rawValue: record) == nil, !record.isEmpty {
            placement.general["record"] = "Choose one of the records offered."
        }
        for (row, field) in fields.enumerated() where !field.isBlank {
            var transforms: [MappingTransform] = []
            switch MappingTransform.pipeline(notation: field.transforms) {
            case .success(let parsed): transforms = parsed
            case .failure(let error): placement.add(.field(row), "Transforms: \(error.reason).")
            }
            let source = field.source.strippingBlanks
            placement.fieldRows.append(row)
            mapping.fields.append(FieldRule(target: field.target, source: source.isEmpty ? nil : source, transforms: transforms,
                                            defaultValue: field.defaultValue.isEmpty ? nil : field.defaultValue))
        }
        for (row, rule) in rules.enumerated() where !rule.isBlank {
            let argument = rule.argument.strippingBlanks
            let check: ValidationRule.Check
            switch rule.check {
            case "required": check = .required
            case "pattern": check = .pattern(argument)
            case "one_of": check = .oneOf(argument.split(separator: "|").map { $0.strippingBlanks }.filter { !$0.isEmpty })
            case "range":
                let bounds = argument.components(separatedBy: "..")
                guard bounds.count == 2 else {
                    placement.add(.rule(row), "Write the range as min..max, 0.. or ..100.")
                    continue
                }
                check = .range(min: bounds[0].strippingBlanks.isEmpty ? nil : bounds[0].strippingBlanks,
                               max: bounds[1].strippingBlanks.isEmpty ? nil : bounds[1].strippingBlanks)
            case "max_length":
                guard let length = Int(argument) else {
                    placement.add(.rule(row), "A maximum length is a whole number of characters.")
                    continue
                }
                check = .maxLength(length)
            default:
                placement.add(.rule(row), "Choose one of the checks offered.")
                continue
            }
            placement.ruleRows.append(row)
            mapping.rules.append(ValidationRule(field: rule.field, check: check))
        }
        for (row, map) in maps.enumerated() where !map.isBlank {
            var entries: [ValueMap.Entry] = []
            var lines: [Int] = []
            for (number, line) in map.entries.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                guard !line.strippingBlanks.isEmpty else { continue }
                guard let equals = line.firstIndex(of: "=") else {
                    placement.add(.map(row), "Line \(number + 1): write from = to.")
                    continue
                }
                entries.append(.init(from: line[..<equals].strippingBlanks, to: line[line.index(after: equals)...].strippingBlanks))
                lines.append(number + 1)
            }
            placement.mapRows.append(row)
            placement.mapEntryLines.append(lines)
            mapping.valueMaps.append(ValueMap(name: map.name.strippingBlanks, entries: entries,
                                              fallback: map.fallback.strippingBlanks.isEmpty ? nil : map.fallback.strippingBlanks))
        }
        return (mapping, placement)
    }
}

extension StringProtocol {
    /// Without white space at either end.
    var strippingBlanks: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
