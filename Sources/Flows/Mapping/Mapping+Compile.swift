public import Commerce
import Foundation

// Checking a mapping when it is saved, and preparing it for evaluation. Every problem names
// the rule and its index (`fields[3].source`, `rules[0].pattern`) so the editor can put the
// message next to the input that caused it.
extension Mapping {
    /// Everything wrong with this mapping as a mapping of `flow` (whose records it must fill);
    /// empty when it can be saved.
    public func problems(for flow: FlowKind?) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if let flow, !flow.mappedRecords.contains(record) {
            problems.append(ValidationProblem("record", .notOneOf, "the \(flow.displayName) flow maps "
                                              + flow.mappedRecords.map(\.rawValue).joined(separator: " or ")
                                              + ", not \(record.rawValue)"))
        }
        do { _ = try compiled() } catch { problems += error.problems }
        return problems
    }

    /// The mapping checked and ready for `MappingEvaluator`, or `MappingError` with every problem.
    public func compiled() throws(MappingError) -> CompiledMapping {
        var problems: [ValidationProblem] = []
        func problem(_ path: String, _ rule: ValidationProblem.Rule, _ message: String) {
            problems.append(ValidationProblem(path, rule, message))
        }
        if format != Mapping.currentFormat {
            problem("format", .notOneOf, "format \(format) is not known; this server reads format \(Mapping.currentFormat)")
        }
        let zone = TimeZone(identifier: timeZone)
        if zone == nil { problem("time_zone", .malformed, "'\(timeZone)' is not an IANA time zone such as Europe/Berlin or UTC") }
        for (name, count, limit) in [("fields", fields.count, Mapping.maximumFieldRules),
                                     ("value_maps", valueMaps.count, Mapping.maximumValueMaps),
                                     ("rules", rules.count, Mapping.maximumRules)] where count > limit {
            problem(name, .tooLong, "has \(count) entries; at most \(limit) are allowed")
        }

        // Each map's table once, however many rules use it; the first translation of a word
        // wins (a second one is reported).
        var maps: [String: (table: [String: String], fallback: String?)] = [:]
        for (index, map) in valueMaps.enumerated() {
            let path = "value_maps[\(index)]"
            if !MappingName.isValid(map.name) {
                problem(path + ".name", .malformed, MappingName.rule)
            } else if maps[map.name] != nil {
                problem(path + ".name", .duplicate, "another value map is already named \(map.name)")
            }
            if map.entries.count > Mapping.maximumValueMapEntries {
                problem(path + ".entries", .tooLong, "has \(map.entries.count) entries; at most \(Mapping.maximumValueMapEntries) "
                        + "are allowed (use a lookup table for more)")
            }
            var seen = Set<String>()
            for (entryIndex, entry) in map.entries.enumerated() where !seen.insert(entry.from).inserted {
                problem("\(path).entries[\(entryIndex)].from", .duplicate, "'\(entry.from)' is translated twice")
            }
            if maps[map.name] == nil {
                maps[map.name] = (Dictionary(map.entries.map { ($0.from, $0.to) }) { first, _ in first }, map.fallback)
            }
        }

        let timeZone = zone ?? TimeZone(identifier: "UTC")!
        var targets: [String: Int] = [:]
        var plainRules: [CompiledMapping.Rule] = []
        var listRules: [String: [CompiledMapping.Rule]] = [:]
        var listOrder: [String] = []
        var collections: [String: (path: SourcePath, ruleIndex: Int)] = [:]
        for (index, rule) in fields.enumerated() {
            let path = "fields[\(index)]"
            guard let field = record.field(rule.target) else {
                problem(path + ".target", .unknownField, "'\(rule.target)' is not a field of \(record.article) "
                        + "\(record.displayName.lowercased()); see the field list for \(record.rawValue)")
                continue
            }
            if let first = targets[rule.target] {
                problem(path + ".target", .duplicate, "\(rule.target) is already filled by fields[\(first)]")
            }
            targets[rule.target] = targets[rule.target] ?? index

            var source: SourcePath?
            let sourceText = rule.source?.strippingWhitespace ?? ""
            if sourceText.isEmpty {
                if rule.defaultValue == nil {
                    problem(path + ".source", .required, "a field needs a source path or a default")
                }
            } else {
                do {
                    let parsed = try SourcePath(parsing: sourceText)
                    source = parsed
                    if let collection = parsed.collection {
                        if let list = field.list {
                            if let known = collections[list], known.path != collection {
                                problem(path + ".source", .malformed, "\(list)[] takes its elements from \(known.path) "
                                        + "(fields[\(known.ruleIndex)]); this rule reads \(collection)")
                            } else {
                                collections[list] = collections[list] ?? (collection, index)
                            }
                        } else {
                            problem(path + ".source", .malformed, "[*] reads a list; only list fields such as lines[].sku take one")
                        }
                    }
                } catch {
                    problem(path + ".source", .malformed, error.description)
                }
            }

            var transforms: [CompiledMapping.Transform] = []
            for (transformIndex, transform) in rule.transforms.enumerated() {
                let transformPath = "\(path).transforms[\(transformIndex)]"
                switch transform {
                case .trim: transforms.append(.trim)
                case .uppercase: transforms.append(.uppercase)
                case .lowercase: transforms.append(.lowercase)
                case .decimalComma: transforms.append(.decimalComma)
                case .valueMap(let name):
                    if let map = maps[name] {
                        transforms.append(.valueMap(name: name, table: map.table, fallback: map.fallback))
                    } else {
                        problem(transformPath, .unknownReference, "there is no value map named '\(name)'")
                    }
                case .lookup(let table):
                    if MappingName.isValid(table) { transforms.append(.lookup(table)) } else {
                        problem(transformPath, .malformed, "a lookup table name: " + MappingName.rule)
                    }
                case .date(let pattern):
                    do { transforms.append(.date(try DatePattern(pattern))) } catch {
                        problem(transformPath, .malformed, "date pattern \(error.description)")
                    }
                }
            }

            var defaultValue: JSON?
            if let text = rule.defaultValue {
                switch CanonicalValueReader.read(.string(text), as: field.type, timeZone: timeZone) {
                case .success(let value): defaultValue = value
                case .failure(let refusal): problem(path + ".default", refusal.rule, "the default \(refusal.message)")
                }
            }
            let compiled = CompiledMapping.Rule(field: field, source: source, transforms: transforms, defaultValue: defaultValue)
            if let list = field.list {
                if listRules[list] == nil { listOrder.append(list) }
                listRules[list, default: []].append(compiled)
            } else {
                plainRules.append(compiled)
            }
        }

        var checks: [CompiledMapping.Check] = []
        for (index, rule) in rules.enumerated() {
            let path = "rules[\(index)]"
            guard let field = record.field(rule.field) else {
                problem(path + ".field", .unknownField, "'\(rule.field)' is not a field of \(record.article) \(record.displayName.lowercased())")
                continue
            }
            switch rule.check {
            case .required:
                checks.append(.init(field: field, kind: .required))
            case .pattern(let pattern):
                do {
                    checks.append(.init(field: field, kind: .pattern(try NSRegularExpression(pattern: pattern), pattern)))
                } catch {
                    problem(path + ".pattern", .malformed, "'\(pattern)' is not a regular expression")
                }
            case .oneOf(let values):
                if values.isEmpty { problem(path + ".values", .required, "one_of needs at least one value") }
                checks.append(.init(field: field, kind: .oneOf(values)))
            case .range(let minText, let maxText):
                if field.type != .decimal { problem(path + ".check", .malformed, "a range applies to number fields; \(rule.field) is \(field.type.name)") }
                let min = minText.flatMap(CanonicalValueReader.decimal)
                let max = maxText.flatMap(CanonicalValueReader.decimal)
                if minText != nil, min == nil { problem(path + ".min", .malformed, "'\(minText!)' is not a number such as 0 or 12.50") }
                if maxText != nil, max == nil { problem(path + ".max", .malformed, "'\(maxText!)' is not a number such as 0 or 12.50") }
                if minText == nil, maxText == nil { problem(path + ".min", .required, "a range needs a minimum, a maximum or both") }
                if let min, let max, min > max { problem(path + ".max", .outOfOrder, "the maximum \(max) is below the minimum \(min)") }
                checks.append(.init(field: field, kind: .range(min: min, max: max)))
            case .maxLength(let length):
                if length < 1 { problem(path + ".length", .outOfRange, "must be at least 1") }
                checks.append(.init(field: field, kind: .maxLength(length)))
            }
        }

        guard problems.isEmpty else { throw MappingError(problems) }
        return CompiledMapping(
            mapping: self, timeZone: timeZone, plainRules: plainRules,
            lists: listOrder.map { CompiledMapping.ListRules(name: $0, collection: collections[$0]?.path, rules: listRules[$0] ?? []) },
            checks: checks)
    }
}

/// The names of value maps and lookup tables: what a person can type and read in a URL.
public enum MappingName {
    /// The rule as a sentence.
    public static let rule = "1–63 lower-case letters, digits, '_' or '-', starting with a letter"

    /// Whether `name` follows `rule` (Migrations/0006 checks the same for lookup tables).
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}

extension CanonicalRecord {
    /// `an` or `a`, for sentences.
    var article: String { self == .order ? "an" : "a" }
}
