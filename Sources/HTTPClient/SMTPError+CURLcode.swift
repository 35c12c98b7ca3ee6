internal import CCurl

extension SMTPError {
    /// Classifies a failed submission's `CURLcode` (libcurl-errors(3)) and error text.
    ///
    /// libcurl's SMTP code reports a refused MAIL FROM or RCPT TO as `CURLE_SEND_ERROR` with
    /// the text "MAIL failed: <code>" / "RCPT failed: <code>", and a refused end of DATA as
    /// `CURLE_WEIRD_SERVER_REPLY`; both carry the server's reply code, which decides whether a
    /// retry can help (RFC 5321 §4.2.1: 4yz transient, 5yz permanent).
    init(curlCode code: CURLcode, message: String, server: String) {
        let replyCode = Self.replyCode(in: message)
        let kind: Kind
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_SEND_ERROR where replyCode != nil, CURLE_WEIRD_SERVER_REPLY where replyCode != nil:
            kind = .refused
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_GOT_NOTHING, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_AGAIN, CURLE_INTERFACE_FAILED:
            kind = .connection
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_USE_SSL_FAILED, CURLE_SSL_SHUTDOWN_FAILED:
            kind = .tls
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            kind = .authenticationFailed
        case CURLE_WEIRD_SERVER_REPLY:
            kind = .malformedReply
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_SETOPT_OPTION_SYNTAX:
            kind = .invalidRequest
        default:
            kind = .internalFailure
        }
        self.init(kind: kind, detail: message, server: server, replyCode: kind == .refused ? replyCode : nil,
                  curlCode: Int(code.rawValue))
    }

    /// The three-digit reply code after "failed: " in libcurl's text, if any.
    static func replyCode(in message: String) -> Int? {
        guard let range = message.firstRange(of: "failed: ") else { return nil }
        let digits = message[range.upperBound...].prefix(while: \.isNumber)
        guard digits.count == 3, let code = Int(digits), (400...599).contains(code) else { return nil }
        return code
    }
}
