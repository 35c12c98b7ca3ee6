public import Foundation

/// One saved version of a customer's mapping for a flow (Migrations/0006: `mapping_versions`).
/// Versions never change; the current one is the highest.
public struct MappingVersion: Sendable, Equatable {
    /// The partner.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// The flow.
    public var flow: FlowKind
    /// 1, 2, 3… per customer and flow.
    public var version: Int
    /// The document.
    public var mapping: Mapping
    /// Why it was saved, as its author said.
    public var note: String?
    /// The version this one restored, when it is a restore.
    public var restoredFrom: Int?
    /// Who saved it (nil for the command line).
    public var authorUserID: UUID?
    /// Their e-mail address, kept with the version.
    public var authorEmail: String
    /// When it was saved.
    public var createdAt: Date
}

/// A customer's lookup table without its rows, for lists (Migrations/0006: `lookup_tables`).
public struct LookupTableSummary: Sendable, Equatable, Encodable {
    /// The name mappings use (`lookup sku_xref`).
    public var name: String
    /// How many rows it has.
    public var rowCount: Int
    /// When the current rows were imported.
    public var importedAt: Date
    /// Who imported them.
    public var importedByEmail: String
}

/// What the audit log keeps of a mapping version: enough to see what changed, not the whole
/// document (which the version itself keeps).
struct MappingAuditSummary: Encodable {
    var flow: String
    var version: Int
    var record: String
    var fieldRules: Int
    var valueMaps: [String]
    var lookupTables: [String]
    var validationRules: Int
    var note: String?
    var restoredFrom: Int?
    /// Targets added, removed or changed against the version before (after-summaries only).
    var addedFields: [String]?
    var removedFields: [String]?
    var changedFields: [String]?

    init(_ version: MappingVersion, comparedWith previous: Mapping? = nil) {
        flow = version.flow.rawValue
        self.version = version.version
        record = version.mapping.record.rawValue
        fieldRules = version.mapping.fields.count
        valueMaps = version.mapping.valueMaps.map(\.name)
        lookupTables = version.mapping.lookupTableNames
        validationRules = version.mapping.rules.count
        note = version.note
        restoredFrom = version.restoredFrom
        guard let previous else { return }
        let before = Dictionary(previous.fields.map { ($0.target, $0) }) { first, _ in first }
        let after = Dictionary(version.mapping.fields.map { ($0.target, $0) }) { first, _ in first }
        addedFields = after.keys.filter { before[$0] == nil }.sorted()
        removedFields = before.keys.filter { after[$0] == nil }.sorted()
        changedFields = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
    }
}
