/// The seam through which Tenancy sends e-mail (password-reset links). App plugs in SMTP;
/// tests plug in a recorder.
///
/// Contract: `send` should hand the mail over (to a queue or an outbox table) rather than hold
/// the caller while a remote server answers. A password-reset request for an unknown address
/// sends nothing, so a slow synchronous `send` would let response times tell which addresses
/// have accounts.
public protocol Mailer: Sendable {
    /// Accepts `mail` for delivery, or throws if it cannot even be accepted.
    func send(_ mail: OutgoingMail) throws
}

/// A plain-text e-mail to one recipient.
public struct OutgoingMail: Sendable, Equatable {
    /// The recipient's address.
    public var to: String
    /// The subject line.
    public var subject: String
    /// The body, plain text (RFC 5322 lines; the mailer wraps and encodes).
    public var textBody: String

    /// A mail to `to` with `subject` and the plain-text `textBody`.
    public init(to: String, subject: String, textBody: String) {
        self.to = to
        self.subject = subject
        self.textBody = textBody
    }
}
