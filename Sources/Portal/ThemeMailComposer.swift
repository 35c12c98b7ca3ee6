import Tenancy

/// Writes Tenancy's mails from the theme's `mail/` templates, in the partner's brand (the
/// templates read `brand.productName`, `brand.supportEmail`, `brand.supportURL` like pages do).
struct ThemeMailComposer: MailComposer {
    /// The partner's branded templates.
    let templates: ThemeTemplates

    /// What `mail/password` renders.
    struct PasswordMailView {
        let isInvitation: Bool
        let recipientName: String
        let recipientEmail: String
        let link: String
        let validMinutes: Int
    }

    /// A mail template's output did not start with a `Subject:` line and a blank line.
    struct MalformedMail: Error, CustomStringConvertible {
        let template: String
        var description: String { "\(template) must start with a \"Subject: …\" line followed by a blank line" }
    }

    func compose(_ message: PasswordMail) throws -> OutgoingMail {
        let text = try templates.render(templateNamed: PortalMail.password.templateName, PasswordMailView(
            isInvitation: message.isInvitation, recipientName: message.recipientName, recipientEmail: message.recipientEmail,
            link: message.link, validMinutes: message.validMinutes))
        let (subject, body) = try Self.split(text, template: PortalMail.password.templateName)
        return OutgoingMail(to: message.recipientEmail, subject: subject, textBody: body)
    }

    /// The `Subject:` line (leading blank lines, left by the pragma and comments, skipped) and
    /// the body after the blank line that follows it.
    static func split(_ text: String, template: String) throws -> (subject: String, body: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines = lines.dropFirst() }
        guard let header = lines.first, header.hasPrefix("Subject:"), lines.dropFirst().first?.allSatisfy(\.isWhitespace) == true else {
            throw MalformedMail(template: template)
        }
        let subject = header.dropFirst("Subject:".count).trimmingCharacters(in: .whitespaces)
        // A subject is one header line (RFC 5322 §2.2): no line break may reach it.
        guard !subject.isEmpty, !subject.contains(where: \.isNewline) else { throw MalformedMail(template: template) }
        let body = lines.dropFirst(2).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        return (subject, body)
    }
}
