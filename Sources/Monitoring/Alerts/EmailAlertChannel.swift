public import Foundation
public import HTTPClient
public import Tenancy

/// Alerts by e-mail over SMTP (HTTPClient's SMTPClient, i.e. libcurl), in the partner's brand:
/// the product name as the sender's display name, its colours in the HTML part.
public struct EmailAlertChannel: AlertChannel {
    /// The submission client.
    public let smtp: SMTPClient
    /// The sender address (envelope and `From:`), e.g. `alerts@counterpart.example`.
    public let from: String
    /// The clock for the `Date:` header.
    public let now: @Sendable () -> Date

    /// A channel sending through `smtp` as `from`.
    public init(smtp: SMTPClient, from: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.smtp = smtp
        self.from = from
        self.now = now
    }

    /// Sends the notice as a multipart text+HTML mail to the contact's address.
    public func deliver(_ notice: AlertNotice, to contact: AlertContact, signingSecret: SecretValue?) throws {
        let mail = AlertMail(notice: notice, from: from, to: contact.address, date: now(),
                             token: UUID().uuidString.lowercased())
        try smtp.send(from: from, to: [contact.address], message: mail.bytes)
    }
}
