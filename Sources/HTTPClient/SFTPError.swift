/// A failed SFTP operation, classified so that a connector can decide without parsing text.
///
/// `detail` keeps libcurl's own words (its error buffer, which for SFTP carries the server's
/// status text, e.g. "No such file or directory"); `path` names the remote file or directory the
/// operation was about. Neither ever holds the private key: the key travels only as a file path
/// to libssh2, and that path is not reported.
public struct SFTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, at the granularity a caller decides on.
    public enum Kind: Sendable, Hashable {
        /// The connect or total timeout ran out.
        case timeout
        /// The server could not be reached, or the connection dropped mid-operation.
        case connection
        /// The SSH session failed after connecting (key exchange, channel or SFTP subsystem
        /// start-up); libcurl reports these as one code.
        case session
        /// The server's host key does not match the pinned fingerprint: either the server was
        /// re-keyed or someone is in the middle. Never retried.
        case hostKeyMismatch
        /// The server refused our user name and key.
        case authenticationFailed
        /// The file or directory does not exist.
        case notFound
        /// The server denied access to the file or directory.
        case permissionDenied
        /// The target of an upload or rename already exists.
        case alreadyExists
        /// A remote command (rename, rm, mkdir) failed; `detail` holds the server's words.
        case commandFailed
        /// The server's disk or quota is full.
        case diskFull
        /// The file is larger than the configured maximum; the download was aborted.
        case fileTooLarge
        /// The operation could not be expressed: a malformed path, host or fingerprint.
        case invalidRequest
        /// libcurl itself failed (out of memory, no SFTP support in this build).
        case internalFailure
    }

    /// What went wrong.
    public var kind: Kind
    /// libcurl's description of the failure, or ours where it was found before libcurl ran.
    public var detail: String
    /// The remote path the operation was about; empty when it was about the connection.
    public var path: String
    /// The raw `CURLcode`, for diagnostics, not for decisions.
    public var curlCode: Int?

    /// Creates an error.
    public init(kind: Kind, detail: String, path: String = "", curlCode: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.path = path
        self.curlCode = curlCode
    }

    /// Whether the same operation may succeed later without anyone changing anything: timeouts,
    /// dropped connections, failed sessions and a full disk (which an operator on the other side
    /// empties). A host key mismatch or a refused key will not fix themselves.
    public var isTransient: Bool {
        switch kind {
        case .timeout, .connection, .session, .diskFull:
            return true
        case .hostKeyMismatch, .authenticationFailed, .notFound, .permissionDenied, .alreadyExists, .commandFailed,
             .fileTooLarge, .invalidRequest, .internalFailure:
            return false
        }
    }

    /// A one-line account for logs: kind, path and libcurl's words.
    public var description: String {
        let what: String
        switch kind {
        case .timeout: what = "timed out"
        case .connection: what = "connection failed"
        case .session: what = "SSH session failed"
        case .hostKeyMismatch: what = "host key mismatch"
        case .authenticationFailed: what = "authentication failed"
        case .notFound: what = "not found"
        case .permissionDenied: what = "permission denied"
        case .alreadyExists: what = "already exists"
        case .commandFailed: what = "remote command failed"
        case .diskFull: what = "remote disk full"
        case .fileTooLarge: what = "file too large"
        case .invalidRequest: what = "invalid request"
        case .internalFailure: what = "SFTP client failure"
        }
        let subject = path.isEmpty ? "" : " (\(path))"
        return detail.isEmpty ? what + subject : "\(what)\(subject): \(detail)"
    }
}
