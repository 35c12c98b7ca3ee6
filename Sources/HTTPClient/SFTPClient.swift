import Synchronization

/// A synchronous SFTP client over libcurl's libssh2 backend, for the file drop: list a
/// directory, download, upload atomically, rename, delete, make a directory.
///
/// Every session authenticates with the server's private key only and pins the server's host
/// key fingerprint; a server presenting another key is refused before authentication. Calls
/// block the calling thread and are serialised on one libcurl handle, whose kept-alive SSH
/// connection the next call reuses (an SFTP session is one channel; the file drop's work on one
/// server is sequential anyway).
///
///     let client = try SFTPClient(server: SFTPServer(host: "erp.example", username: "counterpart",
///                                                    privateKey: pem, hostKey: SFTPHostKeyFingerprint("SHA256:…")))
///     for entry in try client.list(SFTPPath("/outbox")) where entry.kind == .file { … }
public final class SFTPClient: Sendable {
    /// Limits for every operation.
    public struct Configuration: Sendable, Hashable {
        /// How long connecting and the SSH handshake may take. Default 10 s.
        public var connectTimeout: Duration
        /// How long a whole operation may take, connection included. Default 120 s.
        public var totalTimeout: Duration
        /// The largest file ``SFTPClient/download(_:)`` accepts, in bytes. Default 64 MiB.
        public var maxFileSize: Int
        /// The largest directory listing accepted, in bytes. Default 8 MiB (≈ 100,000 entries).
        public var maxListingSize: Int
        /// Where the private key's short-lived file goes; nil for `/dev/shm`, else `$TMPDIR`.
        public var keyDirectory: String?

        /// Creates a configuration; every setting has a default.
        public init(connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(120),
                    maxFileSize: Int = 64 << 20, maxListingSize: Int = 8 << 20, keyDirectory: String? = nil) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxFileSize = maxFileSize
            self.maxListingSize = maxListingSize
            self.keyDirectory = keyDirectory
        }
    }

    /// Where and as whom the client logs in.
    public let server: SFTPServer
    /// The limits.
    public let configuration: Configuration
    private let keyFile: PrivateKeyFile
    private let handle: Mutex<EasyHandle>

    /// Creates a client; nothing is sent until the first operation.
    ///
    /// - Throws: ``SFTPError`` of kind `invalidRequest` for a bad setting, `internalFailure`
    ///   when libcurl or the key's private directory cannot be set up.
    public init(server: SFTPServer, configuration: Configuration = Configuration()) throws(SFTPError) {
        try server.validate()
        guard configuration.connectTimeout >= .milliseconds(1), configuration.totalTimeout >= .milliseconds(1),
              configuration.maxFileSize > 0, configuration.maxListingSize > 0 else {
            throw SFTPError(kind: .invalidRequest, detail: "timeouts and size limits must be positive")
        }
        self.server = server
        self.configuration = configuration
        keyFile = try PrivateKeyFile(key: server.privateKey, parentDirectory: configuration.keyDirectory)
        do {
            handle = Mutex(try EasyHandle())
        } catch {
            throw SFTPError(kind: .internalFailure, detail: "\(error)")
        }
    }

    /// The entries of a directory, without `.` and `..`, in the server's order.
    ///
    /// - Throws: ``SFTPError``; `notFound` when the directory does not exist.
    public func list(_ directory: SFTPPath) throws(SFTPError) -> [SFTPDirectoryEntry] {
        let listing = try run(.list(directory)).body
        return listing.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let text = String(decoding: line, as: UTF8.self)
            return SFTPDirectoryEntry.parse(longName: Substring(text.hasSuffix("\r") ? String(text.dropLast()) : text))
        }
    }

    /// A file's bytes and modification time.
    ///
    /// - Throws: ``SFTPError``; `notFound` when the file does not exist, `fileTooLarge` past
    ///   ``Configuration/maxFileSize``.
    public func download(_ file: SFTPPath) throws(SFTPError) -> SFTPFile {
        let outcome = try run(.download(file))
        return SFTPFile(path: file, bytes: outcome.body, modifiedAt: outcome.modifiedAt)
    }

    /// Writes `bytes` to `file` so that a reader never sees it half-written: the bytes go to a
    /// hidden temporary name in the same directory (`.name.<random>.part`), which is renamed to
    /// `file` in the same session once complete. SFTP version 3's rename (the version OpenSSH
    /// speaks, draft-ietf-secsh-filexfer-02 §6.5) fails when the target exists — OpenSSH renames
    /// a regular file by link(2) and unlink(2) — so an existing file is never overwritten: that
    /// is `alreadyExists`, and the temporary file is removed.
    ///
    /// - Throws: ``SFTPError``; `alreadyExists`, `notFound` when the directory is missing.
    public func upload(_ bytes: [UInt8], to file: SFTPPath) throws(SFTPError) {
        let temporary = try file.parent.appending(".\(file.name).\(UInt32.random(in: 0...UInt32.max)).part")
        do {
            _ = try run(.upload(bytes, to: temporary,
                                afterwards: ["rename \(temporary.quotedArgument) \(file.quotedArgument)"]))
        } catch {
            // Whatever failed, the temporary file must not linger; a failure to remove it is
            // secondary to the error being reported.
            _ = try? run(.commands(["*rm \(temporary.quotedArgument)"], at: file.parent))
            if error.kind == .commandFailed, (try? exists(file)) == true {
                throw SFTPError(kind: .alreadyExists, detail: "a file of that name is already there", path: file.text)
            }
            throw error
        }
    }

    /// Renames or moves `source` to `target` (on the same server).
    ///
    /// - Throws: ``SFTPError``; `commandFailed` with the server's words when the source is
    ///   missing or the target exists.
    public func rename(_ source: SFTPPath, to target: SFTPPath) throws(SFTPError) {
        _ = try run(.commands(["rename \(source.quotedArgument) \(target.quotedArgument)"], at: source.parent))
    }

    /// Deletes a file.
    ///
    /// - Throws: ``SFTPError``; `commandFailed` when there is no such file.
    public func delete(_ file: SFTPPath) throws(SFTPError) {
        _ = try run(.commands(["rm \(file.quotedArgument)"], at: file.parent))
    }

    /// Makes a directory.
    ///
    /// - Throws: ``SFTPError``; `commandFailed` when it exists or the parent is missing.
    public func makeDirectory(_ directory: SFTPPath) throws(SFTPError) {
        _ = try run(.commands(["mkdir \(directory.quotedArgument)"], at: directory.parent))
    }

    /// Whether `path` names an existing entry of its directory.
    public func exists(_ path: SFTPPath) throws(SFTPError) -> Bool {
        try list(path.parent).contains { $0.name == path.name }
    }

    private func run(_ operation: SFTPTransfer.Operation) throws(SFTPError) -> SFTPTransfer.Outcome {
        let server = server, keyFile = keyFile, configuration = configuration
        return try handle.withLock { (handle: inout EasyHandle) throws(SFTPError) -> SFTPTransfer.Outcome in
            try SFTPTransfer(handle: handle, server: server, keyFile: keyFile, configuration: configuration).run(operation)
        }
    }
}

/// A downloaded file.
public struct SFTPFile: Sendable, Hashable {
    /// Where it was read.
    public var path: SFTPPath
    /// Its bytes, exactly.
    public var bytes: [UInt8]
    /// Its modification time in seconds since 1970, when the server said.
    public var modifiedAt: Int64?

    /// Creates a file value.
    public init(path: SFTPPath, bytes: [UInt8], modifiedAt: Int64?) {
        self.path = path
        self.bytes = bytes
        self.modifiedAt = modifiedAt
    }
}
