/// The mails the portal sends, each a plain-text template under `templates/mail/` in the theme,
/// so a partner's theme can word them its own way. A mail template starts with
/// `{{% CONTENT_TYPE: TEXT }}`, then a `Subject: …` line, a blank line, and the body.
public enum PortalMail: String, Sendable, CaseIterable {
    /// An invitation to set a first password, or a password reset (`PasswordMailView`).
    case password

    /// The folder of mail templates under `templates/`.
    static let directory = "mail/"

    /// The template name (`mail/password`).
    public var templateName: String { Self.directory + rawValue }
}
