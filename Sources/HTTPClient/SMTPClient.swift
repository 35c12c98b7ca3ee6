internal import CCurl
import Synchronization

/// A synchronous SMTP submission client over libcurl (RFC 5321; RFC 6409 for submission):
/// one message, one envelope sender, any number of recipients, per call.
///
/// `smtp://host:port` speaks plain SMTP, upgraded with STARTTLS (RFC 3207) when
/// ``Configuration/requireTLS`` is set (then a server that cannot is refused, not used in the
/// clear); `smtps://host:port` is implicit TLS from the first byte (RFC 8314 §3). Credentials
/// go in the URL's user information (`smtps://user:password@host`), which libcurl uses for
/// AUTH (RFC 4954); errors carry the URL with them removed. TLS always verifies the
/// certificate and host name.
///
/// Calls block the calling thread and are serialised on one libcurl handle, whose connection
/// the next call may reuse. The message is handed to libcurl through `CURLOPT_READFUNCTION`;
/// libcurl dot-stuffs its lines (RFC 5321 §4.5.2) and ends DATA.
///
///     let smtp = try SMTPClient(url: "smtps://alerts:secret@mail.example:465")
///     try smtp.send(from: "alerts@acme.example", to: ["ops@shop.example"], message: Array(mime.utf8))
public final class SMTPClient: Sendable {
    /// Limits and TLS policy.
    public struct Configuration: Sendable, Hashable {
        /// How long connecting (and TLS) may take. Default 10 s.
        public var connectTimeout: Duration
        /// How long a whole submission may take. Default 60 s.
        public var totalTimeout: Duration
        /// For `smtp://`: upgrade with STARTTLS or fail. Default false (a loopback relay or a
        /// test sink speaks plain SMTP); `smtps://` is TLS regardless.
        public var requireTLS: Bool
        /// The name sent in EHLO; nil lets libcurl choose.
        public var clientName: String?

        /// Creates a configuration; every setting has a default.
        public init(connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(60),
                    requireTLS: Bool = false, clientName: String? = nil) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.requireTLS = requireTLS
            self.clientName = clientName
        }
    }

    /// The submission server, as configured (may hold credentials: never log it; use
    /// ``redactedURL``).
    private let url: String
    /// The server's URL without credentials, for logs and errors.
    public let redactedURL: String
    /// The limits and TLS policy.
    public let configuration: Configuration
    private let handle: Mutex<EasyHandle>

    /// Creates a client; nothing is sent until the first message.
    ///
    /// - Throws: ``SMTPError`` of kind `invalidRequest` for a URL that is not `smtp://` or
    ///   `smtps://` or non-positive timeouts; `internalFailure` when libcurl cannot initialise.
    public init(url: String, configuration: Configuration = Configuration()) throws(SMTPError) {
        let redacted = RedactedURL(url).description
        let scheme = url.prefix(while: { $0 != ":" }).lowercased()
        guard scheme == "smtp" || scheme == "smtps", url.dropFirst(scheme.count).hasPrefix("://"),
              !url.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw SMTPError(kind: .invalidRequest, detail: "the URL must start with smtp:// or smtps://", server: redacted)
        }
        guard configuration.connectTimeout >= .milliseconds(1), configuration.totalTimeout >= .milliseconds(1) else {
            throw SMTPError(kind: .invalidRequest, detail: "timeouts must be positive", server: redacted)
        }
        self.url = url
        redactedURL = redacted
        self.configuration = configuration
        do {
            handle = Mutex(try EasyHandle())
        } catch {
            throw SMTPError(kind: .internalFailure, detail: "\(error)", server: redacted)
        }
    }

    /// Submits `message` (a complete RFC 5322 message: header fields, a blank line, the body,
    /// lines ending in CRLF) from `sender` to every address in `recipients`.
    ///
    /// - Throws: ``SMTPError``; `refused` with the reply code when the server says no,
    ///   `invalidRequest` for an address with a line break or angle bracket in it.
    public func send(from sender: String, to recipients: [String], message: [UInt8]) throws(SMTPError) {
        for address in [sender] + recipients where !Self.isPlainAddress(address) {
            throw SMTPError(kind: .invalidRequest, detail: "not an e-mail address: \(address.debugDescription)", server: redactedURL)
        }
        guard !recipients.isEmpty else {
            throw SMTPError(kind: .invalidRequest, detail: "no recipients", server: redactedURL)
        }
        let url = url, redacted = redactedURL, configuration = configuration
        try handle.withLock { (handle: inout EasyHandle) throws(SMTPError) in
            try Self.submit(on: handle, url: url, redacted: redacted, configuration: configuration,
                            sender: sender, recipients: recipients, message: message)
        }
    }

    private static func submit(on handle: EasyHandle, url: String, redacted: String, configuration: Configuration,
                               sender: String, recipients: [String], message: [UInt8]) throws(SMTPError) {
        handle.reset()
        let source = UploadSource(message)
        let recipientList: HeaderList
        do {
            // Only SMTP: a URL can never make this handle speak another protocol.
            try handle.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            try handle.set(CURLOPT_URL, url)
            try handle.set(CURLOPT_PROXY, "")
            try handle.set(CURLOPT_NOSIGNAL, 1)
            try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Transfer.milliseconds(configuration.connectTimeout))
            try handle.set(CURLOPT_TIMEOUT_MS, Transfer.milliseconds(configuration.totalTimeout))
            try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
            try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
            if configuration.requireTLS { try handle.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
            // RFC 5321 §4.1.2: the reverse-path and forward-paths are written in angle brackets.
            try handle.set(CURLOPT_MAIL_FROM, "<\(sender)>")
            recipientList = try HeaderList(lines: recipients.map { "<\($0)>" })
            try handle.set(CURLOPT_MAIL_RCPT, pointer: UnsafeRawPointer(recipientList.head))
            try handle.set(CURLOPT_UPLOAD, 1)
            try handle.set(CURLOPT_INFILESIZE_LARGE, offset: curl_off_t(source.count))
            try handle.set(CURLOPT_READFUNCTION, callback: { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
                return source.read(into: UnsafeMutableRawPointer(buffer), capacity: size * count)
            })
            try handle.set(CURLOPT_READDATA, pointer: UnsafeRawPointer(Unmanaged.passUnretained(source).toOpaque()))
        } catch {
            throw SMTPError(kind: .internalFailure, detail: "\(error)", server: redacted)
        }
        // libcurl holds raw pointers into both during `perform`.
        let outcome = withExtendedLifetime((source, recipientList)) { handle.perform() }
        guard outcome.code == CURLE_OK else {
            throw SMTPError(curlCode: outcome.code, message: outcome.message, server: redacted)
        }
    }

    /// An address libcurl can put in angle brackets as is: `local@domain`, no spaces, line
    /// breaks or brackets (RFC 5321 §4.1.2's Mailbox, without quoted local parts).
    static func isPlainAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.utf8.count <= 254 else { return false }
        return !address.contains { $0.isWhitespace || $0.isNewline || "<>\"\0,;".contains($0) }
    }
}
