import Flows
import Foundation
import Tenancy

/// The JSON of mappings in API v1: the document in Flows' stored format (format 1), versions
/// around it, previews, and lookup table summaries — schemas for the OpenAPI document and the
/// Encodable bodies that match them. The document itself is written as `JSON`, member names
/// as stored, so the streaming encoder's snake_case conversion never touches a record's keys.
enum MappingJSON {
    static let flows = FlowKind.allCases.map(\.rawValue)
    static let nameSchema = JSONSchema.string(minLength: 1, maxLength: 63, pattern: "^[a-z][a-z0-9_-]*$")

    static let transform = NamedSchema("MappingTransform", .object([
        .init("kind", .enumeration(MappingTransform.kinds)),
        .init("name", nameSchema.described("The value map of `map`."), required: false),
        .init("table", nameSchema.described("The lookup table of `lookup`."), required: false),
        .init("pattern", JSONSchema.string(minLength: 1, maxLength: 100).described("The date pattern of `date` (dd.MM.yyyy HH:mm)."),
              required: false),
    ]).described("One step applied to a source value: trim, upper, lower, map (a value map), lookup (a lookup table), "
                 + "decimal_comma, date (a pattern)."))

    static let fieldRule = NamedSchema("MappingFieldRule", .object([
        .init("target", JSONSchema.string(minLength: 1, maxLength: 100).described("A canonical field: number, billingAddress.country, lines[].sku.")),
        .init("source", JSONSchema.string(maxLength: 500)
            .described("A path into the system's record: billing.country, line_items[*].sku, meta_data[key=_pos_store].value."),
              required: false),
        .init("transforms", .array(of: .reference("MappingTransform"), maxItems: 20), required: false),
        .init("default", JSONSchema.string(maxLength: 500).described("Used when the source is missing or empty."), required: false),
    ]))

    static let valueMap = NamedSchema("MappingValueMap", .object([
        .init("name", nameSchema),
        .init("entries", .array(of: .object([.init("from", .string(maxLength: 500)), .init("to", .string(maxLength: 500))]),
                                maxItems: Mapping.maximumValueMapEntries)),
        .init("fallback", JSONSchema.string(maxLength: 500).nullable.described("What an unlisted value becomes; null makes it a problem."),
              required: false),
    ]))

    static let validationRule = NamedSchema("MappingValidationRule", .object([
        .init("field", .string(minLength: 1, maxLength: 100)),
        .init("check", .enumeration(ValidationRule.Check.kinds)),
        .init("pattern", JSONSchema.string(maxLength: 500).described("A regular expression the whole value must match."), required: false),
        .init("values", .array(of: .string(maxLength: 500), maxItems: 500), required: false),
        .init("min", JSONSchema.string(maxLength: 40).nullable.described("Decimal text."), required: false),
        .init("max", JSONSchema.string(maxLength: 40).nullable.described("Decimal text."), required: false),
        .init("length", .integer(minimum: 1, maximum: 100_000), required: false),
    ]))

    static let document = NamedSchema("Mapping", .object([
        .init("format", .integer(minimum: 1, maximum: 1), required: false),
        .init("record", .enumeration(CanonicalRecord.allCases.map(\.rawValue))),
        .init("time_zone", JSONSchema.string(minLength: 1, maxLength: 64).described("IANA: UTC, Europe/Berlin."), required: false),
        .init("fields", .array(of: .reference("MappingFieldRule"), maxItems: Mapping.maximumFieldRules), required: false),
        .init("value_maps", .array(of: .reference("MappingValueMap"), maxItems: Mapping.maximumValueMaps), required: false),
        .init("rules", .array(of: .reference("MappingValidationRule"), maxItems: Mapping.maximumRules), required: false),
    ]).described("A mapping document, format 1: field rules, value maps and validation rules."))

    static let version = NamedSchema("MappingVersion", .object([
        .init("customer_id", .uuid),
        .init("flow", .enumeration(flows)),
        .init("version", .integer(minimum: 1)),
        .init("mapping", .reference("Mapping")),
        .init("note", JSONSchema.string(maxLength: 500).nullable, required: false),
        .init("restored_from", JSONSchema.integer(minimum: 1).nullable, required: false),
        .init("author_email", .string),
        .init("created_at", .dateTime),
    ]))

    static let versionList = NamedSchema("MappingVersionList", .object([
        .init("data", .array(of: .reference("MappingVersion"), maxItems: Mappings.maximumVersionsListed)),
    ]))

    static let save = NamedSchema("SaveMapping", .object([
        .init("mapping", .reference("Mapping")),
        .init("note", JSONSchema.string(maxLength: Mappings.maximumNoteLength).nullable, required: false),
        .init("expected_version", JSONSchema.integer(minimum: 0).nullable
            .described("The version the change was based on (0: none yet); a later one makes the save a 409. "
                       + "Left out, the save is not checked."), required: false),
    ]))

    static let previewRequest = NamedSchema("PreviewMapping", .object([
        .init("record", JSONSchema.anyValue.described("A record as the system sends it.")),
        .init("mapping", .reference("Mapping"), required: false),
    ]).described("Maps `record` with `mapping`, or with the current version when it is left out. Nothing is saved."))

    static let previewResult = NamedSchema("MappingPreview", .object([
        .init("fields", JSONSchema.object([], closed: false).described("The canonical record: {\"lines\": [{\"sku\": …}]}.")),
        .init("values", .array(of: .object([.init("path", .string), .init("value", .anyValue)]))),
        .init("problems", .array(of: .object([.init("path", .string), .init("rule", .string), .init("message", .string)]))),
        .init("version", JSONSchema.integer(minimum: 1).nullable.described("The version previewed; null for a mapping sent along."),
              required: false),
    ]))

    static let lookupTable = NamedSchema("LookupTable", .object([
        .init("name", nameSchema),
        .init("row_count", .integer(minimum: 0)),
        .init("imported_at", .dateTime),
        .init("imported_by_email", .string),
    ]))

    static let lookupTableList = NamedSchema("LookupTableList", .object([
        .init("data", .array(of: .reference("LookupTable"), maxItems: 1000)),
    ]))

    /// Characters, not bytes: 200,000 characters of four UTF-8 bytes each still fit the
    /// endpoint's 960 KiB, which fits the server's 1 MiB.
    static let lookupCSV = NamedSchema("LookupTableCSV", JSONSchema.string(maxLength: 200_000)
        .described("UTF-8 CSV (RFC 4180): the header key,value, then one row per key; at most 960 KiB."))

    static let schemas = [transform, fieldRule, valueMap, validationRule, document, version, versionList, save,
                          previewRequest, previewResult, lookupTable, lookupTableList, lookupCSV]

    /// A version as the API writes it.
    struct VersionBody: Encodable {
        var customerID: UUID
        var flow: String
        var version: Int
        var mapping: JSON
        var note: String?
        var restoredFrom: Int?
        var authorEmail: String
        var createdAt: Date

        init(_ version: MappingVersion) {
            customerID = version.customerID
            flow = version.flow.rawValue
            self.version = version.version
            mapping = version.mapping.json
            note = version.note
            restoredFrom = version.restoredFrom
            authorEmail = version.authorEmail
            createdAt = version.createdAt
        }
    }

    struct VersionListBody: Encodable {
        var data: [VersionBody]
    }

    struct PreviewBody: Encodable {
        struct Value: Encodable {
            var path: String
            var value: JSON
        }

        struct Problem: Encodable {
            var path: String
            var rule: String
            var message: String
        }

        var fields: JSON
        var values: [Value]
        var problems: [Problem]
        var version: Int?

        init(_ result: MappingResult, version: Int?) {
            fields = result.fields
            values = result.values.map { Value(path: $0.path, value: $0.value) }
            problems = result.problems.map { Problem(path: $0.path, rule: $0.rule.rawValue, message: $0.message) }
            self.version = version
        }
    }

    struct LookupTableListBody: Encodable {
        var data: [LookupTableSummary]
    }

    /// `fields[3].transforms[0].kind` → `/mapping/fields/3/transforms/0/kind`: a place in the
    /// document as a JSON Pointer into the request body (RFC 6901).
    static func pointer(_ documentPath: String, under member: String = "mapping") -> String {
        let steps = documentPath.replacingOccurrences(of: "]", with: "").split(whereSeparator: { $0 == "." || $0 == "[" })
            .map(String.init)
        return FieldError.pointer([member] + steps)
    }
}
