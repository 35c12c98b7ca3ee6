/// The pages the portal renders, each a template of the same name in the theme. Loading
/// checks that every one of them exists, so a theme missing a page fails at start, not when
/// a customer first asks for it.
public enum PortalPage: String, Sendable, CaseIterable {
    /// The sign-in form (`LoginView`).
    case login
    /// Asks for an e-mail address to send a reset link to (`ForgotPasswordView`).
    case forgotPassword = "forgot-password"
    /// Sets a new password from a reset link (`ResetPasswordView`).
    case resetPassword = "reset-password"
    /// An error page (`ErrorView`).
    case error
    /// The signed-in start page of partner users (`DashboardView`).
    case dashboard
    /// The customer list with search and paging (`CustomerListView`).
    case customers
    /// The form that creates a customer (`NewCustomerView`).
    case customerNew = "customer-new"
    /// One customer (`CustomerDetailView`).
    case customer
    /// A new connection of a customer (`NewConnectionView`).
    case connectionNew = "connection-new"
    /// One connection (`ConnectionDetailView`).
    case connection
    /// A customer's or the partner's messages, filtered, with bulk retry (`MessageListView`).
    case messages
    /// The partner's alerts: open first by impact, with acknowledge and resolve, and the
    /// recently resolved (`AlertsView`).
    case alerts
    /// The alert rules and escalation chains with their forms (`AlertSettingsView`).
    case alertSettings = "alert-settings"
    /// One message's story with the operators' actions (`MessageStoryView`).
    case message
    /// Every message of one reference, oldest first: "Where is order 123?" (`MessageTimelineView`).
    case messageTimeline = "message-timeline"
    /// A customer's flows per environment, with pause and resume (`FlowsView`).
    case flows
    /// The tiers and their prices, costs and margins, with the editor (`TiersView`).
    case tiers
    /// One tier's editor: its name and next month's terms (`TierEditorView`).
    case tier
    /// A month's invoices and the partner's revenue, cost and margin (`BillingView`).
    case billing
    /// The partner's users and the invitation form (`UsersView`).
    case users
    /// The visitor's API tokens (`TokensView`).
    case tokens
    /// The partner's brand: theme, name, colours, support contacts, domain, logo (`BrandingView`).
    case branding
    /// The audit log with its filters (`AuditLogView`).
    case audit
    /// The platform's partners (`PartnersView`).
    case partners
    /// One partner with its wholesale price (`PartnerDetailView`).
    case partner
    /// A customer's flows with their mapping versions, and its lookup tables (`MappingsView`).
    case mappings
    /// A customer's service against its tier's targets: this month, the last twelve, incidents
    /// and the flows right now (`SLADashboardView`).
    case sla
    /// A customer's month report laid out for print (`SLAReportView`).
    case slaReport = "sla-report"
    /// The partner's customers by SLA standing, missed first (`SLARiskView`).
    case slaRisk = "sla-risk"
    /// One flow's mapping editor with preview and history (`MappingEditorView`).
    case mapping

    /// The template name (the file name under `templates/` without `.mustache`).
    public var templateName: String { rawValue }

    /// Every page's template name, the layout they all extend, and the mails.
    public static let requiredTemplateNames: Set<String> = Set(allCases.map(\.templateName)).union(["layout"])
        .union(PortalMail.allCases.map(\.templateName))
}
