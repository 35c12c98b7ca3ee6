import Crypto
public import Foundation

/// What promoting a flow from sandbox to production would change (issue 6 §7), field by field,
/// with a hash of exactly that difference: the person who reviewed it sends the hash back, and
/// a promotion whose difference has changed in between (someone edited the sandbox, or
/// production) is refused rather than applying something nobody saw.
public struct FlowPromotion: Sendable, Equatable, Encodable {
    /// One field that differs: production's value now (`before`) and after promotion (`after`).
    /// Nil means "not set".
    public struct Change: Sendable, Equatable, Encodable {
        /// `options.<name>` for an option, ``FlowPromotion/mappingVersionField`` for the mapping.
        public var field: String
        /// Production's value.
        public var before: String?
        /// The sandbox's value, which promotion gives production.
        public var after: String?

        /// Creates a change.
        public init(field: String, before: String?, after: String?) {
            self.field = field
            self.before = before
            self.after = after
        }

        /// Encodes "not set" as an explicit null, so a client reads both sides of every change.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field, forKey: .field)
            try container.encode(before, forKey: .before)
            try container.encode(after, forKey: .after)
        }

        enum CodingKeys: String, CodingKey { case field, before, after }
    }

    /// The option under which an environment's flow pins the mapping version it runs. Mappings
    /// are saved per customer and flow (Migrations/0006), not per environment, so production
    /// holds on to the version it was promoted with while the sandbox moves on; a flow without
    /// the pin runs the customer's current version.
    public static let mappingVersionOption = "mapping_version"
    /// The change's field for the mapping version.
    public static let mappingVersionField = "mapping_version"

    /// The template.
    public var flow: FlowKind
    /// The customer.
    public var customerID: UUID
    /// The sandbox's flow: the configuration promoted.
    public var sandbox: CustomerFlow
    /// Production's flow, or nil when production has none yet.
    public var production: CustomerFlow?
    /// The mapping version the sandbox runs (nil when the customer has no mapping for the flow).
    public var sandboxMappingVersion: Int?
    /// The mapping version production runs.
    public var productionMappingVersion: Int?
    /// What differs, options first (by name), then the mapping version.
    public var changes: [Change]

    /// Creates a difference; `changes` is computed from the two flows and mapping versions.
    public init(flow: FlowKind, customerID: UUID, sandbox: CustomerFlow, production: CustomerFlow?,
                sandboxMappingVersion: Int?, productionMappingVersion: Int?) {
        self.flow = flow
        self.customerID = customerID
        self.sandbox = sandbox
        self.production = production
        self.sandboxMappingVersion = sandboxMappingVersion
        self.productionMappingVersion = productionMappingVersion
        let before = Self.ownOptions(production?.options ?? [:]), after = Self.ownOptions(sandbox.options)
        var changes = Set(before.keys).union(after.keys).sorted().compactMap { name -> Change? in
            before[name] == after[name] ? nil : Change(field: "options.\(name)", before: before[name], after: after[name])
        }
        if sandboxMappingVersion != productionMappingVersion {
            changes.append(Change(field: Self.mappingVersionField, before: productionMappingVersion.map(String.init),
                                  after: sandboxMappingVersion.map(String.init)))
        }
        self.changes = changes
    }

    /// Whether production has no flow yet: promotion creates it.
    public var createsProductionFlow: Bool { production == nil }

    /// Whether promotion would change nothing.
    public var isEmpty: Bool { changes.isEmpty && production != nil }

    /// The options production gets: the sandbox's own, with the mapping version pinned to the
    /// sandbox's.
    public var promotedOptions: [String: String] {
        var options = Self.ownOptions(sandbox.options)
        if let sandboxMappingVersion { options[Self.mappingVersionOption] = String(sandboxMappingVersion) }
        return options
    }

    /// SHA-256 (hex) of the difference: each change as `field`, `before`, `after` with a marker
    /// for "not set", plus whether production's flow exists — so any edit on either side that
    /// alters what promotion would do alters the hash, and nothing else does.
    public var diffHash: String {
        var hash = SHA256()
        func field(_ text: String?) {
            // Length-prefixed, so no value can imitate a separator.
            guard let text else { hash.update(Array("-;".utf8)); return }
            let bytes = Array(text.utf8)
            hash.update(Array("\(bytes.count):".utf8))
            hash.update(bytes)
        }
        field(flow.rawValue)
        field(production == nil ? "create" : "update")
        for change in changes {
            field(change.field)
            field(change.before)
            field(change.after)
        }
        return Hex.encode(hash.finalize())
    }

    enum CodingKeys: String, CodingKey {
        case flow, customerID = "customer_id", sandbox, production, sandboxMappingVersion = "sandbox_mapping_version"
        case productionMappingVersion = "production_mapping_version", changes, diffHash = "diff_hash"
        case createsProductionFlow = "creates_production_flow"
    }

    /// Encodes the stored values and the derived ones (`diff_hash`, `creates_production_flow`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(flow, forKey: .flow)
        try container.encode(customerID, forKey: .customerID)
        try container.encode(sandbox, forKey: .sandbox)
        try container.encode(production, forKey: .production)
        try container.encode(sandboxMappingVersion, forKey: .sandboxMappingVersion)
        try container.encode(productionMappingVersion, forKey: .productionMappingVersion)
        try container.encode(changes, forKey: .changes)
        try container.encode(diffHash, forKey: .diffHash)
        try container.encode(createsProductionFlow, forKey: .createsProductionFlow)
    }

    /// Options without the mapping pin, which is compared as the mapping version instead.
    static func ownOptions(_ options: [String: String]) -> [String: String] {
        options.filter { $0.key != mappingVersionOption }
    }
}
