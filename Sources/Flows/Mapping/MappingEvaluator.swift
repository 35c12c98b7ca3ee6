import Commerce
import Foundation

/// Applies a mapping to one record in a system's wire form (a WooCommerce order's JSON, a CSV
/// row's columns as an object) and gives the canonical fields plus every problem — never a
/// crash, never a half-read field: a field whose value cannot be read is left out and named.
///
/// For each field rule, in order: read the source path (in the list element for list fields);
/// if it holds a value, run the transforms; if nothing is left (missing, null or empty text),
/// take the default; read the result as the field's type. Then the validation rules run on
/// the mapped fields.
///
/// ```swift
/// let result = MappingEvaluator.apply(mapping, to: try JSON(parsing: body), lookups: tables)
/// if result.isClean { /* build the Commerce value from result.fields */ }
/// ```
public enum MappingEvaluator {
    /// `mapping` applied to `record`. A mapping that does not compile gives its own problems
    /// (at `fields[3].source` and the like) and no fields; compile once with
    /// `Mapping.compiled()` to map many records.
    public static func apply(_ mapping: Mapping, to record: JSON, lookups: LookupTables = LookupTables()) -> MappingResult {
        do {
            return apply(try mapping.compiled(), to: record, lookups: lookups)
        } catch {
            return MappingResult(values: [], listSizes: [:], problems: error.problems.map {
                ValidationProblem($0.path, $0.rule, "the mapping itself: \($0.message)")
            })
        }
    }

    /// `mapping` applied to `record`.
    public static func apply(_ mapping: CompiledMapping, to record: JSON, lookups: LookupTables = LookupTables()) -> MappingResult {
        guard case .object = record else {
            return MappingResult(values: [], listSizes: [:], problems: [
                ValidationProblem("", .malformed, "the record is \(record.kindName); a JSON object was expected"),
            ])
        }
        var run = Run(mapping: mapping, root: record, lookups: lookups)
        for rule in mapping.plainRules { _ = run.evaluate(rule, in: record, index: nil) }
        for list in mapping.lists { run.evaluate(list) }
        for check in mapping.checks { run.apply(check) }
        return MappingResult(values: run.values, listSizes: run.listSizes, problems: run.problems)
    }

    /// One record's evaluation: what has been filled, what failed, what is wrong.
    private struct Run {
        let mapping: CompiledMapping
        let root: JSON
        let lookups: LookupTables
        var values: [MappingResult.Value] = []
        var filled: [String: JSON] = [:]
        /// Concrete paths whose value could not be read: reported once, not again as missing.
        var failed: Set<String> = []
        var problems: [ValidationProblem] = []
        var listSizes: [String: Int] = [:]

        init(mapping: CompiledMapping, root: JSON, lookups: LookupTables) {
            self.mapping = mapping
            self.root = root
            self.lookups = lookups
        }

        mutating func evaluate(_ list: CompiledMapping.ListRules) {
            guard let collection = list.collection else {
                // No rule reads a source list: one element from the record itself, if any of
                // its sources holds something (defaults alone make no element).
                let mark = (values.count, problems.count, failed)
                let sourced = list.rules.map { evaluate($0, in: root, index: 0) }.contains(true)
                if sourced { listSizes[list.name] = 1 } else {
                    values.removeLast(values.count - mark.0)
                    problems.removeLast(problems.count - mark.1)
                    failed = mark.2
                    filled = filled.filter { !$0.key.hasPrefix(list.name + "[") }
                }
                return
            }
            guard let elements = collection.elements(in: root) else {
                let found = SourcePath(steps: Array(collection.steps.dropLast())).value(in: root)?.kindName ?? "nothing"
                problems.append(ValidationProblem(list.name, .malformed, "from \(collection): \(found) stands where a list was expected"))
                return
            }
            listSizes[list.name] = elements.count
            for (index, element) in elements.enumerated() {
                for rule in list.rules { _ = evaluate(rule, in: rule.source?.eachIndex == nil ? root : element, index: index) }
            }
        }

        /// Fills one field; true when its source held a value (before any default).
        @discardableResult
        mutating func evaluate(_ rule: CompiledMapping.Rule, in scope: JSON, index: Int?) -> Bool {
            let path = rule.field.path(at: index)
            var value = rule.source.flatMap { $0.elementPath.value(in: scope) }
            let sourced = !Self.isEmpty(value)
            if var current = value, current != .null {
                for transform in rule.transforms {
                    switch apply(transform)(current) {
                    case .success(let next): current = next
                    case .failure(let refusal):
                        fail(path, refusal, source: rule.source)
                        return sourced
                    }
                }
                value = current
            }
            guard let present = value, !Self.isEmpty(present) else {
                if let defaultValue = rule.defaultValue { fill(path, defaultValue) }
                return sourced
            }
            switch CanonicalValueReader.read(present, as: rule.field.type, timeZone: mapping.timeZone) {
            case .success(let typed): fill(path, typed)
            case .failure(let refusal): fail(path, refusal, source: rule.source)
            }
            return sourced
        }

        private mutating func fill(_ path: String, _ value: JSON) {
            values.append(MappingResult.Value(path: path, value: value))
            filled[path] = value
        }

        private mutating func fail(_ path: String, _ refusal: CanonicalValueReader.Refusal, source: SourcePath?) {
            failed.insert(path)
            problems.append(ValidationProblem(path, refusal.rule, source.map { "from \($0): \(refusal.message)" } ?? refusal.message))
        }

        private static func isEmpty(_ value: JSON?) -> Bool {
            switch value {
            case nil, .null?, .string("")?: true
            default: false
            }
        }

        private func apply(_ transform: CompiledMapping.Transform) -> (JSON) -> Result<JSON, CanonicalValueReader.Refusal> {
            { value in
                guard let text = value.scalarText else {
                    return .failure(.init(rule: .malformed, message: "is \(value.kindName); transforms read one value"))
                }
                switch transform {
                case .trim: return .success(Self.mapText(value) { $0.strippingWhitespace })
                case .uppercase: return .success(Self.mapText(value) { $0.uppercased() })
                case .lowercase: return .success(Self.mapText(value) { $0.lowercased() })
                case .valueMap(let name, let table, let fallback):
                    guard let translated = table[text] ?? fallback else {
                        return .failure(.init(rule: .unknownReference,
                                              message: "\(CanonicalValueReader.quoted(value)) is not in the value map \(name)"))
                    }
                    return .success(.string(translated))
                case .lookup(let name):
                    guard let table = lookups[name] else {
                        return .failure(.init(rule: .unknownReference, message: "the lookup table \(name) does not exist"))
                    }
                    guard let found = table[text] else {
                        return .failure(.init(rule: .unknownReference,
                                              message: "\(CanonicalValueReader.quoted(value)) is not in the lookup table \(name)"))
                    }
                    return .success(.string(found))
                case .decimalComma:
                    if case .number = value { return .success(value) }
                    guard let number = CanonicalValueReader.decimalWithComma(text) else {
                        return .failure(.init(rule: .malformed,
                                              message: "\(CanonicalValueReader.quoted(value)) is not a number such as 1.234,56"))
                    }
                    return .success(.number(number))
                case .date(let pattern):
                    guard let date = pattern.date(from: text, in: mapping.timeZone) else {
                        return .failure(.init(rule: .malformed, message: "\(CanonicalValueReader.quoted(value)) does not match "
                                              + "the date pattern \(pattern) (or names a day that does not exist)"))
                    }
                    return .success(.string(CanonicalValueReader.timestamp(date)))
                }
            }
        }

        /// Text transforms change strings; a number or boolean passes unchanged.
        private static func mapText(_ value: JSON, _ change: (String) -> String) -> JSON {
            if case .string(let text) = value { return .string(change(text)) }
            return value
        }

        mutating func apply(_ check: CompiledMapping.Check) {
            let paths = check.field.list.map { list in (0..<(listSizes[list] ?? 0)).map { check.field.path(at: $0) } }
                ?? [check.field.path]
            for path in paths where !failed.contains(path) {
                guard let value = filled[path] else {
                    if case .required = check.kind { problems.append(ValidationProblem(path, .required, "is required but has no value")) }
                    continue
                }
                let text = value.scalarText ?? ""
                switch check.kind {
                case .required: break
                case .pattern(let expression, let pattern):
                    let whole = NSRange(text.startIndex..., in: text)
                    if expression.firstMatch(in: text, options: [.anchored], range: whole)?.range != whole {
                        problems.append(ValidationProblem(path, .malformed, "\(CanonicalValueReader.quoted(value)) does not match \(pattern)"))
                    }
                case .oneOf(let allowed):
                    if !allowed.contains(text) {
                        problems.append(ValidationProblem(path, .notOneOf, "\(CanonicalValueReader.quoted(value)) is not one of "
                                                          + allowed.joined(separator: ", ")))
                    }
                case .range(let min, let max):
                    guard case .number(let number) = value else { continue }
                    if let min, number < min { problems.append(ValidationProblem(path, .outOfRange, "\(number) is below the minimum \(min)")) }
                    if let max, number > max { problems.append(ValidationProblem(path, .outOfRange, "\(number) is above the maximum \(max)")) }
                case .maxLength(let length):
                    if text.count > length {
                        problems.append(ValidationProblem(path, .tooLong, "is \(text.count) characters long; at most \(length) are allowed"))
                    }
                }
            }
        }
    }
}
