internal import CCurl

extension SFTPError.Kind {
    /// Classifies a failed SFTP transfer's `CURLcode` (libcurl-errors(3)). libcurl's libssh2
    /// backend maps SFTP status codes (draft-ietf-secsh-filexfer-02 §7: SSH_FX_NO_SUCH_FILE,
    /// SSH_FX_PERMISSION_DENIED, …) onto the `CURLE_REMOTE_*` codes.
    ///
    /// - Parameter sizeLimitExceeded: whether our write callback refused the file for its size.
    init(curlCode code: CURLcode, sizeLimitExceeded: Bool) {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_GOT_NOTHING, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_AGAIN, CURLE_INTERFACE_FAILED:
            self = .connection
        case CURLE_SSH:
            self = .session
        // CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256(3)/_MD5(3): a mismatch "denies" the session with
        // this code before authentication starts.
        case CURLE_PEER_FAILED_VERIFICATION:
            self = .hostKeyMismatch
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            self = .authenticationFailed
        case CURLE_REMOTE_FILE_NOT_FOUND:
            self = .notFound
        case CURLE_REMOTE_ACCESS_DENIED:
            self = .permissionDenied
        case CURLE_REMOTE_FILE_EXISTS:
            self = .alreadyExists
        case CURLE_QUOTE_ERROR, CURLE_UPLOAD_FAILED:
            self = .commandFailed
        case CURLE_REMOTE_DISK_FULL:
            self = .diskFull
        case CURLE_FILESIZE_EXCEEDED:
            self = .fileTooLarge
        case CURLE_WRITE_ERROR where sizeLimitExceeded:
            self = .fileTooLarge
        case CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_SETOPT_OPTION_SYNTAX:
            self = .invalidRequest
        default:
            // CURLE_UNSUPPORTED_PROTOCOL (a libcurl built without libssh2), CURLE_OUT_OF_MEMORY,
            // CURLE_UNKNOWN_OPTION, CURLE_FAILED_INIT.
            self = .internalFailure
        }
    }
}
