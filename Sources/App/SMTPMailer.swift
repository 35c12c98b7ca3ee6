import Dispatch
import Foundation
import HTTPClient
import Logging
import Tenancy

/// A `Mailer` that delivers over SMTP (`COUNTERPART_SMTP_URL`) through HTTPClient's SMTPClient.
///
/// The `Mailer` contract asks `send` not to hold the caller while a remote server answers (a
/// slow send would let response times tell which addresses have accounts), so `send` hands the
/// mail to a serial queue and returns; the queue submits it and logs a failure. A mail still on
/// the queue when the process stops is lost — the password-reset page tells people to ask again.
struct SMTPMailer: Mailer {
    let client: SMTPClient
    /// The `From:` header as configured (`Acme <no-reply@acme.example>`).
    let sender: String
    /// The bare address for the envelope (RFC 5321 MAIL FROM).
    let envelopeSender: String
    let logger: Logger
    private let queue = DispatchQueue(label: "counterpart.smtp-mailer")

    init(client: SMTPClient, sender: String, logger: Logger) {
        self.client = client
        self.sender = sender
        envelopeSender = Self.address(in: sender)
        self.logger = logger
    }

    func send(_ mail: OutgoingMail) throws {
        // RFC 5322 §2.1: CRLF line ends; §3.3: the date; the body is UTF-8 text.
        let message = [
            "Date: \(MailDate.rfc5322(Date()))",
            "From: \(sender)",
            "To: <\(mail.to)>",
            "Subject: \(mail.subject)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            mail.textBody.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"),
        ].joined(separator: "\r\n")
        let client = client, from = envelopeSender, logger = logger, subject = mail.subject, to = mail.to
        queue.async {
            do {
                try client.send(from: from, to: [to], message: Array(message.utf8))
                logger.info("mail sent", metadata: ["mail.subject": "\(subject)"])
            } catch {
                // The error names the server without credentials (SMTPError.server).
                logger.error("mail not sent", metadata: ["mail.subject": "\(subject)", "error": "\(error)"])
            }
        }
    }

    /// `no-reply@x` from `Name <no-reply@x>`, or the text itself when it has no angle brackets.
    static func address(in sender: String) -> String {
        guard let open = sender.lastIndex(of: "<"), let close = sender.lastIndex(of: ">"), open < close else {
            return sender.trimmingCharacters(in: .whitespaces)
        }
        return String(sender[sender.index(after: open)..<close])
    }
}
