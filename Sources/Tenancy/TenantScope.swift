public import Foundation

/// Whose rows a database transaction may see. `TenantDatabase` sets `app.partner_id`,
/// `app.customer_id` and the transaction's role with `SET LOCAL` at the start of every
/// transaction; row-level security policies read them (Migrations/0001_tenancy.sql).
public struct TenantScope: Sendable, Equatable, CustomStringConvertible {
    /// The partner whose rows are visible; nil only for the platform-wide scope.
    public let partnerID: UUID?
    /// For customer viewers: the one customer whose rows are visible.
    public let customerID: UUID?
    /// Whether every partner's rows are visible: the platform admin's explicit path.
    public let isPlatformWide: Bool

    private init(partnerID: UUID?, customerID: UUID?, isPlatformWide: Bool) {
        self.partnerID = partnerID
        self.customerID = customerID
        self.isPlatformWide = isPlatformWide
    }

    /// One partner's rows.
    public static func partner(_ partnerID: UUID) -> TenantScope {
        TenantScope(partnerID: partnerID, customerID: nil, isPlatformWide: false)
    }

    /// One customer's rows within its partner.
    public static func customer(_ customerID: UUID, of partnerID: UUID) -> TenantScope {
        TenantScope(partnerID: partnerID, customerID: customerID, isPlatformWide: false)
    }

    /// Every partner's rows, for a platform admin. The only way in besides `system`, so that
    /// crossing tenants is always a visible, deliberate call; mutations made in it are audited
    /// against the partner they touch.
    public static func platform(for principal: Principal) throws(TenancyError) -> TenantScope {
        guard principal.role == .platformAdmin else { throw .forbidden(.partnersRead) }
        return TenantScope(partnerID: principal.partnerID, customerID: nil, isPlatformWide: true)
    }

    /// Every partner's rows, for the command line and maintenance (`counterpart partner add`,
    /// `counterpart keys rotate`), which act as the operator with no person logged in.
    package static let system = TenantScope(partnerID: nil, customerID: nil, isPlatformWide: true)

    public var description: String {
        if isPlatformWide { return "platform" }
        if let customerID { return "customer \(customerID) of partner \(partnerID?.uuidString ?? "-")" }
        return "partner \(partnerID?.uuidString ?? "-")"
    }
}
