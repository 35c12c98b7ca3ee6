/// A failed SMTP submission, classified so that a sender can decide without parsing text.
///
/// `detail` keeps libcurl's words, which for a refused command carry the server's reply code
/// (`RCPT failed: 550`); `server` is the submission URL with any credentials removed
/// (``RedactedURL``), so the error can be logged and shown in an alert's history.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, at the granularity a sender decides on.
    public enum Kind: Sendable, Hashable {
        /// The connect or total timeout ran out.
        case timeout
        /// The server could not be reached, or the connection dropped mid-exchange.
        case connection
        /// TLS failed: the certificate, the handshake, or a server that cannot STARTTLS when
        /// TLS is required.
        case tls
        /// The server refused our user name and password (RFC 4954 §6, 535).
        case authenticationFailed
        /// The server refused the sender, a recipient or the message itself (RFC 5321 §4.2:
        /// a 4yz or 5yz reply to MAIL, RCPT or the end of DATA). ``replyCode`` says which.
        case refused
        /// The server's reply made no sense as SMTP.
        case malformedReply
        /// The submission could not be expressed: a bad URL, scheme, address or message.
        case invalidRequest
        /// libcurl itself failed (out of memory, no SMTP support in this build).
        case internalFailure
    }

    /// What went wrong.
    public var kind: Kind
    /// libcurl's description of the failure, or ours where it was found before libcurl ran.
    public var detail: String
    /// The server, credentials removed.
    public var server: String
    /// The SMTP reply code of a refusal (RFC 5321 §4.2.1), when libcurl reported one.
    public var replyCode: Int?
    /// The raw `CURLcode`, for diagnostics, not for decisions.
    public var curlCode: Int?

    /// Creates an error.
    public init(kind: Kind, detail: String, server: String = "", replyCode: Int? = nil, curlCode: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.server = server
        self.replyCode = replyCode
        self.curlCode = curlCode
    }

    /// Whether the same submission may succeed later without anyone changing anything:
    /// timeouts, dropped connections, and 4yz replies, which RFC 5321 §4.2.1 defines as
    /// "transient negative completion" (a greylisting server, a full queue).
    public var isTransient: Bool {
        switch kind {
        case .timeout, .connection: true
        case .refused: (replyCode ?? 500) < 500
        case .tls, .authenticationFailed, .malformedReply, .invalidRequest, .internalFailure: false
        }
    }

    /// A one-line account for logs: kind, server and libcurl's words.
    public var description: String {
        let what = switch kind {
        case .timeout: "timed out"
        case .connection: "connection failed"
        case .tls: "TLS failed"
        case .authenticationFailed: "authentication failed"
        case .refused: "refused"
        case .malformedReply: "malformed reply"
        case .invalidRequest: "invalid request"
        case .internalFailure: "SMTP client failure"
        }
        let subject = server.isEmpty ? "" : " (\(server))"
        return detail.isEmpty ? what + subject : "\(what)\(subject): \(detail)"
    }
}
