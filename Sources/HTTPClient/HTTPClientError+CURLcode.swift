internal import CCurl

extension HTTPClientError.Kind {
    /// Classifies a failed transfer's `CURLcode` (libcurl's libcurl-errors(3) list).
    ///
    /// - Parameter bodyLimitExceeded: whether our write callback refused the body for its size;
    ///   libcurl reports that refusal as a plain `CURLE_WRITE_ERROR`.
    init(curlCode code: CURLcode, bodyLimitExceeded: Bool) {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout

        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
             CURLE_GOT_NOTHING,          // the peer closed the connection without a response
             CURLE_SEND_ERROR, CURLE_RECV_ERROR,  // reset mid-exchange
             CURLE_PARTIAL_FILE,         // the body ended before its Content-Length
             CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3, CURLE_QUIC_CONNECT_ERROR,
             CURLE_PROXY, CURLE_AGAIN, CURLE_NO_CONNECTION_AVAILABLE, CURLE_INTERFACE_FAILED:
            self = .connection

        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED:
            self = .tls

        case CURLE_UNSUPPORTED_PROTOCOL,  // a scheme outside CURLOPT_PROTOCOLS_STR, e.g. file://
             CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_SETOPT_OPTION_SYNTAX,
             CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            self = .invalidRequest

        case CURLE_FILESIZE_EXCEEDED:     // CURLOPT_MAXFILESIZE_LARGE refused the Content-Length
            self = .responseTooLarge
        case CURLE_WRITE_ERROR where bodyLimitExceeded:
            self = .responseTooLarge

        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_TOO_MANY_REDIRECTS:
            self = .malformedResponse

        default:
            // CURLE_OUT_OF_MEMORY, CURLE_UNKNOWN_OPTION, CURLE_FAILED_INIT, CURLE_WRITE_ERROR
            // without our refusal, and codes of protocols we never enable.
            self = .internalFailure
        }
    }
}
