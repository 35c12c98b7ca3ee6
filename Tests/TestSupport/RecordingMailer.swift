import Synchronization
public import Tenancy

/// A `Mailer` that keeps what it is given, for tests to read back.
public final class RecordingMailer: Mailer {
    private let mails = Mutex<[OutgoingMail]>([])

    public init() {}

    /// Everything sent so far, oldest first.
    public var sent: [OutgoingMail] { mails.withLock { $0 } }

    public func send(_ mail: OutgoingMail) throws {
        mails.withLock { $0.append(mail) }
    }

    /// The `token` query parameter of the last mail's link.
    public func lastToken() -> String? {
        guard let body = sent.last?.textBody, let range = body.range(of: "token=") else { return nil }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }
}
