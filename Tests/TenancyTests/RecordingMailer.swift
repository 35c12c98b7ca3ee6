import Synchronization
import Tenancy

/// A `Mailer` that keeps what it is given, for tests to read back.
final class RecordingMailer: Mailer {
    private let mails = Mutex<[OutgoingMail]>([])

    /// Everything sent so far, oldest first.
    var sent: [OutgoingMail] { mails.withLock { $0 } }

    func send(_ mail: OutgoingMail) throws {
        mails.withLock { $0.append(mail) }
    }

    /// The `token` query parameter of the last mail's link.
    func lastToken() -> String? {
        guard let body = sent.last?.textBody, let range = body.range(of: "token=") else { return nil }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }
}
