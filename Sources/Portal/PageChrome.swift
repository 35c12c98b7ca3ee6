import Tenancy

/// The parts of the portal's main navigation. Each page names the one it belongs to, so the
/// navigation can mark it (`aria-current="page"`).
enum PortalSection: String, Sendable, CaseIterable {
    case dashboard, customers, messages, alerts, sla, tiers, billing, users, tokens, branding, audit, partners

    /// The link text.
    var title: String {
        switch self {
        case .dashboard: "Dashboard"
        case .customers: "Customers"
        case .messages: "Messages"
        case .alerts: "Alerts"
        case .sla: "Service levels"
        case .tiers: "Tiers & pricing"
        case .billing: "Billing"
        case .users: "Users"
        case .tokens: "API tokens"
        case .branding: "Branding"
        case .audit: "Audit log"
        case .partners: "Partners"
        }
    }

    /// Where the link goes.
    var path: String {
        switch self {
        case .dashboard: "/"
        case .customers: "/customers"
        case .messages: "/messages"
        case .alerts: "/alerts"
        case .sla: "/sla"
        case .tiers: "/tiers"
        case .billing: "/billing"
        case .users: "/users"
        case .tokens: "/tokens"
        case .branding: "/settings/branding"
        case .audit: "/audit"
        case .partners: "/platform/partners"
        }
    }

    /// Where the link goes for `principal`: a customer viewer's "Service levels" is their own
    /// customer's dashboard, everyone else's the section's page.
    func path(for principal: Principal) -> String {
        if self == .sla, principal.role.isCustomerScoped, let own = principal.customerID {
            return PortalRoutes.slaPath(own)
        }
        return path
    }

    /// Whether `principal` sees this section at all — the same permissions the pages check,
    /// so the navigation never offers a page that would answer 403.
    func isVisible(to principal: Principal) -> Bool {
        switch self {
        case .dashboard: principal.role != .platformAdmin
        case .customers: principal.may(.customersRead) && !principal.role.isCustomerScoped
        case .messages: principal.may(.messagesRead)
        // The partner's on-call work: never a customer viewer's (Alerts refuses them too).
        case .alerts: principal.may(.alertsRead) && principal.customerID == nil
        // Partner users get the at-risk list; a customer viewer their own customer's dashboard.
        case .sla: principal.may(.tiersRead) || (principal.customerID != nil && principal.may(.messagesRead))
        case .tiers: principal.may(.tiersRead)
        case .billing: principal.may(.pricingRead)
        case .users: principal.may(.usersRead)
        case .tokens: principal.may(.tokensOwn)
        case .branding: principal.may(.brandingWrite)
        case .audit: principal.may(.auditRead)
        case .partners: principal.role == .platformAdmin
        }
    }
}

/// One link of the main navigation.
struct NavigationItem: Sendable, Equatable {
    /// The link text.
    let title: String
    /// The link target.
    let path: String
    /// Whether it is the page being shown.
    let isCurrent: Bool
}

/// What the layout shows around every signed-in page: the navigation, who is signed in, the
/// sign-out form, and a one-line notice confirming the change just made.
struct PageChrome: Sendable, Equatable {
    /// The sections this user may open, in order.
    let navigation: [NavigationItem]
    /// The user's display name.
    let userName: String
    /// The user's role as people read it.
    let roleName: String
    /// The token of the sign-out form.
    let csrfToken: String
    /// A confirmation of the last change, or nil.
    let notice: String?
    /// Whether the header offers "Where is order …?" (the visitor may read messages).
    let offersReferenceSearch: Bool

    init(principal: Principal, current: PortalSection, csrfToken: String, notice: String?) {
        self.navigation = PortalSection.allCases.filter { $0.isVisible(to: principal) }.map {
            NavigationItem(title: $0.title, path: $0.path(for: principal), isCurrent: $0 == current)
        }
        self.userName = principal.name
        self.roleName = PortalRoutes.roleName(principal.role)
        self.csrfToken = csrfToken
        self.notice = notice
        self.offersReferenceSearch = principal.may(.messagesRead)
    }
}

/// The confirmations a page shows after a change redirected to it (`?notice=customer-created`).
/// The query names one of these; free text is never taken from the URL, so a crafted link
/// cannot put words on a partner's page.
enum PortalNotice: String, Sendable {
    case customerCreated = "customer-created"
    case customerUpdated = "customer-updated"
    case customerSuspended = "customer-suspended"
    case customerReactivated = "customer-reactivated"
    case contactAdded = "contact-added"
    case contactRemoved = "contact-removed"
    case tierScheduled = "tier-scheduled"
    case tierRenamed = "tier-renamed"
    case userCreated = "user-created"
    case userUpdated = "user-updated"
    case tokenRevoked = "token-revoked"
    case brandingSaved = "branding-saved"
    case partnerCreated = "partner-created"
    case wholesaleSaved = "wholesale-saved"
    case connectionCreated = "connection-created"
    case connectionSaved = "connection-saved"
    case connectionPaused = "connection-paused"
    case connectionResumed = "connection-resumed"
    case connectionDeleted = "connection-deleted"
    case mappingSaved = "mapping-saved"
    case mappingRestored = "mapping-restored"
    case lookupTableImported = "lookup-table-imported"
    case messageRetried = "message-retried"
    case messageResolved = "message-resolved"
    case messageIgnored = "message-ignored"
    case messageReplayed = "message-replayed"
    case flowPaused = "flow-paused"
    case flowResumed = "flow-resumed"
    case cursorReset = "cursor-reset"
    case alertAcknowledged = "alert-acknowledged"
    case alertResolved = "alert-resolved"
    case alertSettingsSaved = "alert-settings-saved"

    /// The sentence shown.
    var message: String {
        switch self {
        case .customerCreated: "The customer was created with a sandbox and a production environment."
        case .customerUpdated: "The customer was saved."
        case .customerSuspended: "The customer was suspended. Its flows stop until it is reactivated."
        case .customerReactivated: "The customer was reactivated."
        case .contactAdded: "The contact was added."
        case .contactRemoved: "The contact was removed."
        case .tierScheduled: "The new terms were saved. They apply from the start of next month."
        case .tierRenamed: "The tier was renamed."
        case .userCreated: "The user was created. They set their password from the e-mail they were sent."
        case .userUpdated: "The user was saved."
        case .tokenRevoked: "The token was revoked. Requests with it are refused from now on."
        case .connectionCreated: "The connection was saved. Test it to see that the system answers."
        case .connectionSaved: "The connection was saved."
        case .connectionPaused: "The connection was paused. Flows leave it alone until it is resumed."
        case .connectionResumed: "The connection was resumed."
        case .connectionDeleted: "The connection and its credentials were deleted."
        case .brandingSaved: "The branding was saved."
        case .partnerCreated: "The partner was created."
        case .wholesaleSaved: "The wholesale price was saved. It applies from the start of next month."
        case .mappingSaved: "The mapping was saved as a new version. Flows use it from their next message."
        case .mappingRestored: "The old version was restored as a new version."
        case .lookupTableImported: "The lookup table was imported. Mappings that name it read the new rows."
        case .messageRetried: "The message was put back in line. A worker picks it up now."
        case .messageResolved: "The message was marked resolved."
        case .messageIgnored: "The message was marked ignored."
        case .messageReplayed: "This is the replay, stored as a new message. The original is kept as it was."
        case .flowPaused: "The flow was paused. Its messages wait until it is resumed."
        case .flowResumed: "The flow was resumed."
        case .cursorReset: "The sync position was moved back; the next poll reads again from there."
        case .alertAcknowledged: "The alert is yours: escalation stopped. It stays here until it clears or you resolve it."
        case .alertResolved: "The alert was resolved."
        case .alertSettingsSaved: "Saved. Rules are evaluated every minute."
        }
    }
}
