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
    /// The signed-in start page (`HomeView`).
    case home
    /// An error page (`ErrorView`).
    case error

    /// The template name (the file name under `templates/` without `.mustache`).
    public var templateName: String { rawValue }

    /// Every page's template name, plus the layout they all extend.
    public static let requiredTemplateNames: Set<String> = Set(allCases.map(\.templateName)).union(["layout"])
}
