public import Commerce

/// A change the hub refused because the system it came from is not the system of record for
/// its data (DESIGN.md "The hub and the flows": "an update from a system that does not own the
/// domain is refused as a business exception, not silently applied"). A business error: a
/// retry cannot succeed, a person must either fix the flow or change the ownership, and the
/// description tells them which data, whose it is and who tried.
public struct HubRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The data domain.
    public var domain: HubDomain
    /// The systems that may change this record: the domain's owners, or — in a domain several
    /// systems own, each its own records — the one system that published this record.
    public var owners: [SystemKind]
    /// The system whose change was refused.
    public var system: SystemKind
    /// The record's key in the hub: an SKU, `SKU in EUR` for a price, `SKU at LOCATION` for a
    /// stock level, our reference for an order.
    public var key: String

    /// A refusal of `system`'s change to `key` in `domain`, owned by `owners`.
    public init(domain: HubDomain, owners: [SystemKind], system: SystemKind, key: String) {
        self.domain = domain
        self.owners = owners
        self.system = system
        self.key = key
    }

    /// `woocommerce may not change item MUG-1; only tryton-erp may (system of record for items)`.
    public var description: String {
        "\(system.rawValue) may not change \(domain.recordName) \(key); only "
            + owners.map(\.rawValue).joined(separator: " or ") + " may (system of record for \(domain.rawValue))"
    }
}
