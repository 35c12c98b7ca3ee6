public import Commerce
import Foundation

// The stored form of a mapping: format 1. Member names are snake_case and spelled here, not
// derived by an encoder's key strategy, so the format cannot change by accident. Reading is
// strict: an unknown member or a wrong type is a problem naming its place
// (`fields[2].transforms[0].kind`), all of them at once.
extension Mapping: Codable {
    /// The document as JSON.
    public var json: JSON {
        .object([
            "format": .number(Decimal(format)),
            "record": .string(record.rawValue),
            "time_zone": .string(timeZone),
            "fields": .array(fields.map(\.json)),
            "value_maps": .array(valueMaps.map(\.json)),
            "rules": .array(rules.map(\.json)),
        ])
    }

    /// The document in `json`, or `MappingError` with every structural problem. Whether the
    /// content makes sense (known fields, paths that parse) is `problems(for:)`.
    public init(json: JSON) throws(MappingError) {
        var reader = DocumentReader()
        let document = reader.object(json, at: "", allowed: ["format", "record", "time_zone", "fields", "value_maps", "rules"])
        let format = reader.integer(document["format"], at: "format") ?? Mapping.currentFormat
        if format != Mapping.currentFormat {
            reader.problem("format", .notOneOf, "format \(format) is not known; this server reads format \(Mapping.currentFormat)")
        }
        let recordName = reader.string(document["record"], at: "record", required: true) ?? ""
        let record = CanonicalRecord(rawValue: recordName)
        if record == nil, !recordName.isEmpty {
            reader.problem("record", .notOneOf, "'\(recordName)' is not a record; use "
                           + CanonicalRecord.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let timeZone = reader.string(document["time_zone"], at: "time_zone") ?? "UTC"
        let fields = reader.list(document["fields"], at: "fields") { value, path, reader in
            FieldRule(json: value, at: path, reader: &reader)
        }
        let valueMaps = reader.list(document["value_maps"], at: "value_maps") { value, path, reader in
            ValueMap(json: value, at: path, reader: &reader)
        }
        let rules = reader.list(document["rules"], at: "rules") { value, path, reader in
            ValidationRule(json: value, at: path, reader: &reader)
        }
        guard reader.problems.isEmpty, let record else { throw MappingError(reader.problems) }
        self.init(format: format, record: record, timeZone: timeZone, fields: fields, valueMaps: valueMaps, rules: rules)
    }

    /// Parses a stored or uploaded document.
    public init(jsonText: some Collection<UInt8>) throws(MappingError) {
        let json: JSON
        do { json = try JSON(parsing: jsonText) } catch {
            throw MappingError([ValidationProblem("", .malformed, "the mapping \(error.description)")])
        }
        try self.init(json: json)
    }

    public init(from decoder: any Decoder) throws {
        let json = try JSON(from: decoder)
        do { try self.init(json: json) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

extension FieldRule {
    var json: JSON {
        var members: [String: JSON] = ["target": .string(target)]
        if let source { members["source"] = .string(source) }
        if !transforms.isEmpty { members["transforms"] = .array(transforms.map(\.json)) }
        if let defaultValue { members["default"] = .string(defaultValue) }
        return .object(members)
    }

    init(json: JSON, at path: String, reader: inout DocumentReader) {
        let members = reader.object(json, at: path, allowed: ["target", "source", "transforms", "default"])
        target = reader.string(members["target"], at: path + ".target", required: true) ?? ""
        source = reader.string(members["source"], at: path + ".source")
        transforms = reader.list(members["transforms"], at: path + ".transforms") { value, path, reader in
            MappingTransform(json: value, at: path, reader: &reader)
        }
        defaultValue = reader.scalarText(members["default"], at: path + ".default")
    }
}

extension MappingTransform {
    var json: JSON {
        var members: [String: JSON] = ["kind": .string(kind)]
        switch self {
        case .valueMap(let name): members["name"] = .string(name)
        case .lookup(let table): members["table"] = .string(table)
        case .date(let pattern): members["pattern"] = .string(pattern)
        case .trim, .uppercase, .lowercase, .decimalComma: break
        }
        return .object(members)
    }

    /// Nil (with a problem recorded) when the transform cannot be read.
    init?(json: JSON, at path: String, reader: inout DocumentReader) {
        let members = reader.object(json, at: path, allowed: ["kind", "name", "table", "pattern"])
        guard let kind = reader.string(members["kind"], at: path + ".kind", required: true) else { return nil }
        let argumentName = switch kind {
        case "map": "name"
        case "lookup": "table"
        case "date": "pattern"
        default: ""
        }
        for name in ["name", "table", "pattern"] where name != argumentName && members[name] != nil {
            reader.problem(path + "." + name, .unknownField, "'\(kind)' takes no \(name)")
        }
        let argument = argumentName.isEmpty ? nil : reader.string(members[argumentName], at: path + "." + argumentName)
        switch MappingTransform.make(kind: kind, argument: argument) {
        case .success(let transform): self = transform
        case .failure(let error):
            let place = MappingTransform.kinds.contains(kind) && !argumentName.isEmpty ? "." + argumentName : ".kind"
            reader.problem(path + place, .malformed, error.reason)
            return nil
        }
    }
}

extension ValueMap {
    var json: JSON {
        .object([
            "name": .string(name),
            "entries": .array(entries.map { .object(["from": .string($0.from), "to": .string($0.to)]) }),
            "fallback": fallback.map(JSON.string) ?? .null,
        ])
    }

    init(json: JSON, at path: String, reader: inout DocumentReader) {
        let members = reader.object(json, at: path, allowed: ["name", "entries", "fallback"])
        name = reader.string(members["name"], at: path + ".name", required: true) ?? ""
        entries = reader.list(members["entries"], at: path + ".entries") { value, path, reader in
            let entry = reader.object(value, at: path, allowed: ["from", "to"])
            guard let from = reader.scalarText(entry["from"], at: path + ".from", required: true),
                  let to = reader.scalarText(entry["to"], at: path + ".to", required: true) else { return nil }
            return Entry(from: from, to: to)
        }
        fallback = reader.scalarText(members["fallback"], at: path + ".fallback")
    }
}

extension ValidationRule {
    var json: JSON {
        var members: [String: JSON] = ["field": .string(field), "check": .string(check.kind)]
        switch check {
        case .required: break
        case .pattern(let pattern): members["pattern"] = .string(pattern)
        case .oneOf(let values): members["values"] = .array(values.map(JSON.string))
        case .range(let min, let max):
            members["min"] = min.map(JSON.string) ?? .null
            members["max"] = max.map(JSON.string) ?? .null
        case .maxLength(let length): members["length"] = .number(Decimal(length))
        }
        return .object(members)
    }

    init?(json: JSON, at path: String, reader: inout DocumentReader) {
        let members = reader.object(json, at: path, allowed: ["field", "check", "pattern", "values", "min", "max", "length"])
        let field = reader.string(members["field"], at: path + ".field", required: true) ?? ""
        guard let kind = reader.string(members["check"], at: path + ".check", required: true) else { return nil }
        let arguments: Set<String> = switch kind {
        case "pattern": ["pattern"]
        case "one_of": ["values"]
        case "range": ["min", "max"]
        case "max_length": ["length"]
        default: []
        }
        for name in ["pattern", "values", "min", "max", "length"] where !arguments.contains(name) && members[name] != nil {
            reader.problem(path + "." + name, .unknownField, "the check '\(kind)' takes no \(name)")
        }
        let check: Check
        switch kind {
        case "required": check = .required
        case "pattern": check = .pattern(reader.string(members["pattern"], at: path + ".pattern", required: true) ?? "")
        case "one_of":
            check = .oneOf(reader.list(members["values"], at: path + ".values") { value, path, reader in
                reader.scalarText(value, at: path, required: true)
            })
        case "range":
            check = .range(min: reader.scalarText(members["min"], at: path + ".min"),
                           max: reader.scalarText(members["max"], at: path + ".max"))
        case "max_length": check = .maxLength(reader.integer(members["length"], at: path + ".length", required: true) ?? 0)
        default:
            reader.problem(path + ".check", .notOneOf, "'\(kind)' is not a check; use required, pattern, one_of, range, max_length")
            return nil
        }
        self.init(field: field, check: check)
    }
}

/// The problems of a mapping document, each at its place (`fields[3].source`) with the rule
/// it broke and a sentence.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found.
    public let problems: [ValidationProblem]

    /// The error for `problems`.
    public init(_ problems: [ValidationProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
