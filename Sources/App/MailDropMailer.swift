import Foundation
import Logging
import Tenancy

/// A `Mailer` that queues each mail as an RFC 5322 message file in a folder (a "maildrop"),
/// readable only by us, until the alerts issue delivers over SMTP. Writing a file is quick and
/// local, which is what the `Mailer` contract asks (queue, do not send while the request
/// waits). The log line names the file, never the content: reset links are secrets.
struct MailDropMailer: Mailer {
    let directory: String
    let sender: String
    let logger: Logger

    init(directory: String, sender: String, logger: Logger) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        self.directory = directory
        self.sender = sender
        self.logger = logger
    }

    func send(_ mail: OutgoingMail) throws {
        let name = "\(Int(Date().timeIntervalSince1970))-\(UUID().uuidString.lowercased()).eml"
        let path = (directory as NSString).appendingPathComponent(name)
        // RFC 5322 §2.1: CRLF line ends; §3.3: the date; the body is UTF-8 text.
        let message = [
            "Date: \(MailDate.rfc5322(Date()))",
            "From: \(sender)",
            "To: \(mail.to)",
            "Subject: \(mail.subject)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            mail.textBody.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"),
        ].joined(separator: "\r\n")
        guard FileManager.default.createFile(atPath: path, contents: Data(message.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        logger.info("mail queued", metadata: ["mail.file": "\(name)", "mail.subject": "\(mail.subject)"])
    }
}

/// Dates for mail headers (RFC 5322 §3.3), in UTC.
enum MailDate {
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
