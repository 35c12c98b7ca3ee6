internal import CCurl

/// One SFTP operation run on the client's easy handle: sets its options, performs it, and turns
/// the outcome into bytes or a classified ``SFTPError``.
struct SFTPTransfer {
    /// What to do.
    enum Operation {
        /// Read a directory's long listing.
        case list(SFTPPath)
        /// Read a file.
        case download(SFTPPath)
        /// Write `bytes` to `path`, then run `afterwards` (quote commands) on the same session.
        case upload([UInt8], to: SFTPPath, afterwards: [String])
        /// Run quote commands only; `at` is a directory libcurl connects to without reading it.
        case commands([String], at: SFTPPath)
    }

    /// What came back.
    struct Outcome {
        /// The listing or the file's bytes; empty for uploads and commands.
        var body: [UInt8]
        /// The file's modification time in seconds since 1970 (`CURLINFO_FILETIME_T`), when asked
        /// for and known.
        var modifiedAt: Int64?
    }

    let handle: EasyHandle
    let server: SFTPServer
    let keyFile: PrivateKeyFile
    let configuration: SFTPClient.Configuration

    /// Runs `operation` on the calling thread, with the key file present only meanwhile.
    func run(_ operation: Operation) throws(SFTPError) -> Outcome {
        handle.reset()
        try keyFile.write()
        defer { keyFile.remove() }

        let path: SFTPPath
        let limit: Int
        switch operation {
        case .list(let directory): path = directory; limit = configuration.maxListingSize
        case .download(let file): path = file; limit = configuration.maxFileSize
        case .upload(_, let file, _): path = file; limit = 0
        case .commands(_, let directory): path = directory; limit = 0
        }
        let collector = ResponseCollector(bodyLimit: max(limit, 1))
        var upload: UploadSource?
        var quotes: HeaderList?
        do {
            try applyConnection()
            switch operation {
            case .list(let directory):
                try handle.set(CURLOPT_URL, server.urlAuthority + directory.urlPath(asDirectory: true))
            case .download(let file):
                try handle.set(CURLOPT_URL, server.urlAuthority + file.urlPath(asDirectory: false))
                try handle.set(CURLOPT_FILETIME, 1)
            case .upload(let bytes, let file, let afterwards):
                try handle.set(CURLOPT_URL, server.urlAuthority + file.urlPath(asDirectory: false))
                let source = UploadSource(bytes)
                upload = source
                try applyUpload(source)
                if !afterwards.isEmpty {
                    let list = try HeaderList(lines: afterwards)
                    quotes = list
                    try handle.set(CURLOPT_POSTQUOTE, pointer: UnsafeRawPointer(list.head))
                }
            case .commands(let commands, let directory):
                // A directory URL with CURLOPT_NOBODY: libcurl connects, runs CURLOPT_QUOTE and
                // stops before opening the directory.
                try handle.set(CURLOPT_URL, server.urlAuthority + directory.urlPath(asDirectory: true))
                try handle.set(CURLOPT_NOBODY, 1)
                let list = try HeaderList(lines: commands)
                quotes = list
                try handle.set(CURLOPT_QUOTE, pointer: UnsafeRawPointer(list.head))
            }
            try applyCollector(collector)
        } catch let error as SFTPError {
            throw error
        } catch {
            throw SFTPError(kind: .internalFailure, detail: "\(error)", path: path.text)
        }

        // libcurl holds raw pointers into all three during `perform`.
        let outcome = withExtendedLifetime((collector, upload, quotes)) { handle.perform() }
        guard outcome.code == CURLE_OK else {
            let kind = SFTPError.Kind(curlCode: outcome.code, sizeLimitExceeded: collector.bodyLimitExceeded)
            let detail = kind == .fileTooLarge ? "larger than \(limit) bytes (\(outcome.message))" : outcome.message
            throw SFTPError(kind: kind, detail: detail, path: path.text, curlCode: Int(outcome.code.rawValue))
        }
        let filetime = handle.offsetInfo(CURLINFO_FILETIME_T)
        return Outcome(body: collector.body, modifiedAt: filetime > 0 ? Int64(filetime) : nil)
    }

    /// Login and safety settings every operation gets.
    private func applyConnection() throws {
        // Only SFTP: a path can never make this handle speak another protocol.
        try handle.set(CURLOPT_PROTOCOLS_STR, "sftp")
        try handle.set(CURLOPT_USERNAME, server.username)
        // Public key authentication only (RFC 4252 §7); no password, no agent, no keyboard.
        try handle.set(CURLOPT_SSH_AUTH_TYPES, Int(CURLSSH_AUTH_PUBLICKEY))
        try handle.set(CURLOPT_SSH_PRIVATE_KEYFILE, keyFile.path)
        // An empty public key file makes libssh2 derive the public key from the private one
        // (CURLOPT_SSH_PUBLIC_KEYFILE(3)) instead of looking in $HOME/.ssh.
        try handle.set(CURLOPT_SSH_PUBLIC_KEYFILE, "")
        switch server.hostKey.algorithm {
        case .sha256: try handle.set(CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256, server.hostKey.value)
        case .md5: try handle.set(CURLOPT_SSH_HOST_PUBLIC_KEY_MD5, server.hostKey.value)
        }
        try handle.set(CURLOPT_PROXY, "")
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Transfer.milliseconds(configuration.connectTimeout))
        try handle.set(CURLOPT_TIMEOUT_MS, Transfer.milliseconds(configuration.totalTimeout))
    }

    private func applyUpload(_ source: UploadSource) throws {
        try handle.set(CURLOPT_UPLOAD, 1)
        try handle.set(CURLOPT_INFILESIZE_LARGE, offset: curl_off_t(source.count))
        // CURLOPT_READFUNCTION shares the write callback's C signature.
        try handle.set(CURLOPT_READFUNCTION, callback: { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
            return source.read(into: UnsafeMutableRawPointer(buffer), capacity: size * count)
        })
        try handle.set(CURLOPT_READDATA, pointer: UnsafeRawPointer(Unmanaged.passUnretained(source).toOpaque()))
    }

    private func applyCollector(_ collector: ResponseCollector) throws {
        try handle.set(CURLOPT_WRITEFUNCTION, callback: { data, size, count, context in
            let length = size * count
            guard let context else { return 0 }
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
            return collector.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        })
        try handle.set(CURLOPT_WRITEDATA, pointer: UnsafeRawPointer(Unmanaged.passUnretained(collector).toOpaque()))
    }
}
