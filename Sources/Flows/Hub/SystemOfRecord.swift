public import Commerce

/// Which systems own each data domain for one customer's environment, and the rule that
/// follows: a change from a system that does not own the domain is refused (`HubRefusal`).
/// A pure value — the hub loads it (`HubOwnership.current`) and asks it before every write.
///
/// A domain may have several owners when each owns its own records: the shop and the tills both
/// own sales, but a till may not rewrite a web order nor the shop a till sale. So in a domain
/// with several owners a record belongs to the owner that published it; once that system no
/// longer owns the domain (the customer changed the ownership) any current owner may take it over.
public struct SystemOfRecord: Sendable, Hashable, CustomStringConvertible {
    /// Owners per domain; every domain has at least one.
    public private(set) var owners: [HubDomain: [SystemKind]]

    /// The standard ownership of a retailer running Tryton behind a WooCommerce shop and Tryton
    /// tills: the ERP is the master of items, prices, stock, customers (parties, which
    /// order-to-erp requires to exist) and shipments; the shop and the tills own the sales and
    /// refunds they take.
    public static let standard = SystemOfRecord(owners: [
        .items: [.trytonERP],
        .prices: [.trytonERP],
        .stock: [.trytonERP],
        .orders: [.wooCommerce, .trytonPOS],
        .customers: [.trytonERP],
        .refunds: [.wooCommerce, .trytonPOS],
        .shipments: [.trytonERP],
    ])

    /// The most owners one domain may have (Migrations/0008 checks the same).
    public static let maximumOwners = 10

    /// The standard ownership with `overrides` in place of the standard owners of their domains.
    public init(overriding overrides: [HubDomain: [SystemKind]] = [:]) {
        self = Self.standard
        for (domain, systems) in overrides where !systems.isEmpty { owners[domain] = Self.distinct(systems) }
    }

    private init(owners: [HubDomain: [SystemKind]]) { self.owners = owners }

    /// The systems that own `domain`.
    public func owners(of domain: HubDomain) -> [SystemKind] { owners[domain] ?? [] }

    /// Whether `system` owns `domain` (alone or with others).
    public func owns(_ system: SystemKind, _ domain: HubDomain) -> Bool { owners(of: domain).contains(system) }

    /// This ownership with `domain` owned by `systems` (in that order, repeats dropped).
    public func assigning(_ domain: HubDomain, to systems: [SystemKind]) -> SystemOfRecord {
        var copy = self
        if !systems.isEmpty { copy.owners[domain] = Self.distinct(systems) }
        return copy
    }

    /// Why `system` may not change the record `key` of `domain`, or nil when it may.
    /// - Parameter publisher: the system that published the record as it is stored; nil for a
    ///   record the hub does not have yet.
    public func refusal(of system: SystemKind, changing key: String, in domain: HubDomain,
                        publishedBy publisher: SystemKind?) -> HubRefusal? {
        let domainOwners = owners(of: domain)
        guard domainOwners.contains(system) else {
            return HubRefusal(domain: domain, owners: domainOwners, system: system, key: key)
        }
        // Each owner its own records; a publisher that lost the domain hands its records over.
        if domainOwners.count > 1, let publisher, publisher != system, domainOwners.contains(publisher) {
            return HubRefusal(domain: domain, owners: [publisher], system: system, key: key)
        }
        return nil
    }

    /// `items: tryton-erp; orders: woocommerce, tryton-pos; …`.
    public var description: String {
        HubDomain.allCases.map { "\($0.rawValue): " + owners(of: $0).map(\.rawValue).joined(separator: ", ") }
            .joined(separator: "; ")
    }

    private static func distinct(_ systems: [SystemKind]) -> [SystemKind] {
        var seen: Set<SystemKind> = []
        return systems.filter { seen.insert($0).inserted }
    }
}
