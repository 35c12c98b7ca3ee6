import Foundation

/// What a set-password or reset-password mail must say; a `MailComposer` turns it into the
/// mail itself, in the partner's words and brand.
public struct PasswordMail: Sendable, Equatable {
    /// Whether the recipient has never had a password (an invitation) or asked for a new one.
    public var isInvitation: Bool
    /// The recipient's display name.
    public var recipientName: String
    /// The recipient's address (also the account's sign-in name).
    public var recipientEmail: String
    /// The one-time link.
    public var link: String
    /// How long the link works, in whole minutes.
    public var validMinutes: Int

    public init(isInvitation: Bool, recipientName: String, recipientEmail: String, link: String, validMinutes: Int) {
        self.isInvitation = isInvitation
        self.recipientName = recipientName
        self.recipientEmail = recipientEmail
        self.link = link
        self.validMinutes = validMinutes
    }
}

/// Writes the mails Tenancy sends. The portal's composer renders the partner's theme's mail
/// templates; `PlainMailComposer` is the built-in wording for where no theme is at hand.
public protocol MailComposer: Sendable {
    /// The mail for `message`, addressed to its recipient.
    func compose(_ message: PasswordMail) throws -> OutgoingMail
}

/// The built-in wording, signed with `brand`.
public struct PlainMailComposer: MailComposer {
    public var brand: MailBrand

    public init(brand: MailBrand = .neutral) {
        self.brand = brand
    }

    public func compose(_ message: PasswordMail) throws -> OutgoingMail {
        let subject = (message.isInvitation ? "Set your password for " : "Reset your password for ") + brand.productName
        let reason = message.isInvitation
            ? "you have been invited to \(brand.productName) as \(message.recipientEmail). Choose your password"
            : "someone, hopefully you, asked to reset the password of \(message.recipientEmail). Choose a new one"
        let body = """
            Hello \(message.recipientName),

            \(reason) within \(message.validMinutes) minutes here:

            \(message.link)

            The link works once. If you did not ask for it, ignore this message: nothing changes.

            \(brand.signature)
            """
        return OutgoingMail(to: message.recipientEmail, subject: subject, textBody: body)
    }
}
