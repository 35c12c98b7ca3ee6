/// One thing a caller may do. Every route and API endpoint names the permission it needs and
/// asks `Principal.may(_:)`; nothing else decides access.
///
/// Raw values are the names used in the OpenAPI document and in 403 problems.
public enum Permission: String, Sendable, CaseIterable, Hashable {
    /// Read who one is and what one may do (`GET /me`): every role.
    case selfRead = "self:read"
    /// List and read partners (platform admin only).
    case partnersRead = "partners:read"
    /// Create partners, change their status and domain (platform admin only).
    case partnersWrite = "partners:write"
    /// List and read customers (a customer viewer: only their own).
    case customersRead = "customers:read"
    /// Create customers, change their tier, suspend and reactivate them.
    case customersWrite = "customers:write"
    /// Read a customer's environments.
    case environmentsRead = "environments:read"
    /// List and read the tenant's users.
    case usersRead = "users:read"
    /// Invite, edit and disable users.
    case usersWrite = "users:write"
    /// Create, list and revoke one's own API tokens.
    case tokensOwn = "tokens:own"
    /// List and revoke every API token in the tenant.
    case tokensAll = "tokens:all"
    /// Read and export the audit log.
    case auditRead = "audit:read"
    /// Read the partner's tiers and their terms, now and as scheduled. Partner staff only:
    /// customer viewers see no price list (Migrations/0002 hides tiers from them).
    case tiersRead = "tiers:read"
    /// Rename tiers and change their terms and prices (from the next billing period).
    case tiersWrite = "tiers:write"
    /// See what the platform charges the partner and the margins per tier and customer.
    case pricingRead = "pricing:read"
    /// Read the partner's branding settings (theme, colours, support contacts, domain).
    case brandingRead = "branding:read"
    /// Change the partner's branding, logo and custom domain: what every customer sees.
    case brandingWrite = "branding:write"
    /// See a customer's connections: which systems, their settings and status, never secrets.
    case connectionsRead = "connections:read"
    /// Create, edit, test, pause and delete connections, and set their credentials.
    case connectionsWrite = "connections:write"
    /// Read a customer's field mappings, their versions and lookup tables, and preview them
    /// (issue 5 §8). Partner staff: mappings are the integration's wiring, not the retailer's.
    case mappingsRead = "mappings:read"
    /// Save mapping versions, restore old ones and import lookup tables: operators connect
    /// and tune a customer's flows, so they hold this as well as admins.
    case mappingsWrite = "mappings:write"
    /// See the messages of a flow — their status, attempts, payloads and ids in each system
    /// (issue 6 §3). A customer viewer sees their own customer's ("where is order 123?").
    case messagesRead = "messages:read"
    /// Retry, replay with an edited payload, resolve or ignore messages: operators' daily work.
    case messagesWrite = "messages:write"
    /// See alerts, their notification history, the rules and the contact chains (issue 7 §4).
    /// Partner staff only: an alert names systems and people beyond one retailer's view.
    case alertsRead = "alerts:read"
    /// Acknowledge and resolve alerts, and manage rules and contact chains: whoever answers
    /// alerts (admins and operators).
    case alertsWrite = "alerts:write"

    /// The least API token scope that may exercise this permission. Sessions (a person in
    /// the portal) are not limited by scope; tokens are limited by both scope and role.
    public var requiredScope: TokenScope {
        switch self {
        case .selfRead, .partnersRead, .customersRead, .environmentsRead, .usersRead, .auditRead, .tiersRead, .pricingRead,
             .brandingRead, .connectionsRead, .mappingsRead, .messagesRead, .alertsRead:
            .read
        case .partnersWrite, .customersWrite, .tiersWrite, .brandingWrite, .connectionsWrite, .mappingsWrite, .messagesWrite,
             .alertsWrite:
            .write
        case .usersWrite, .tokensOwn, .tokensAll: .admin
        }
    }
}

extension Role {
    /// The permission table of DESIGN.md. A permission missing here is refused.
    public var permissions: Set<Permission> {
        switch self {
        case .platformAdmin:
            [.selfRead, .partnersRead, .partnersWrite, .usersRead, .usersWrite, .tokensOwn, .tokensAll, .auditRead]
        case .partnerAdmin:
            [.selfRead, .customersRead, .customersWrite, .environmentsRead, .usersRead, .usersWrite,
             .tokensOwn, .tokensAll, .auditRead, .tiersRead, .tiersWrite, .pricingRead, .brandingRead, .brandingWrite,
             .connectionsRead, .connectionsWrite, .mappingsRead, .mappingsWrite, .messagesRead, .messagesWrite,
             .alertsRead, .alertsWrite]
        case .partnerOperator:
            [.selfRead, .customersRead, .environmentsRead, .usersRead, .tokensOwn, .tiersRead, .connectionsRead, .mappingsRead,
             .mappingsWrite, .messagesRead, .messagesWrite, .alertsRead, .alertsWrite]
        case .customerViewer:
            [.selfRead, .customersRead, .environmentsRead, .tokensOwn, .connectionsRead, .messagesRead]
        }
    }
}
