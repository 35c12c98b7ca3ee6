import Glibc

/// The private key written to a file that only this process's user can read, because libcurl
/// takes SSH keys only as file names (CURLOPT_SSH_PRIVATE_KEYFILE(3)); there is no in-memory form.
///
/// The file lives in a directory of its own made by `mkdtemp(3)` (mode 0700) under `/dev/shm`
/// when that exists — memory, never a disk — and is itself created with `O_EXCL` and mode 0600
/// before a byte is written. It exists only while an operation runs: ``write()`` before,
/// ``remove()`` after. The directory keeps its name for the client's life, so the path libcurl
/// sees stays the same and it can reuse an authenticated connection (libcurl matches SSH
/// connections on the key file's name); `deinit` removes both.
final class PrivateKeyFile: @unchecked Sendable {
    /// The file's path, valid while ``write()`` has put it there.
    let path: String
    private let directory: String
    private let contents: [UInt8]

    /// Makes the private directory.
    ///
    /// - Throws: ``SFTPError`` of kind `internalFailure` naming the failed call and errno.
    init(key: String, parentDirectory: String?) throws(SFTPError) {
        let parent = parentDirectory ?? Self.defaultParent()
        var template = Array((parent + "/counterpart-sftp-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Self.failure("mkdtemp in \(parent)")
        }
        directory = String(cString: made)
        path = directory + "/key"
        // libssh2 reads the key with a trailing line break or without; OpenSSH writes one.
        contents = Array(key.hasSuffix("\n") ? key.utf8 : (key + "\n").utf8)
    }

    deinit {
        unlink(path)
        rmdir(directory)
    }

    /// Writes the key file, replacing a leftover from an interrupted operation.
    func write() throws(SFTPError) {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("open \(path)") }
        defer { close(descriptor) }
        var written = 0
        while written < contents.count {
            let result = contents.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let error = Self.failure("write \(path)")
                unlink(path)
                throw error
            }
            written += result
        }
    }

    /// Removes the key file; the directory stays for the next operation.
    func remove() {
        unlink(path)
    }

    /// `/dev/shm` (tmpfs on Linux) when it is a writable directory, else `$TMPDIR` or `/tmp`.
    private static func defaultParent() -> String {
        if access("/dev/shm", W_OK | X_OK) == 0 { return "/dev/shm" }
        if let tmp = getenv("TMPDIR"), tmp.pointee != 0 { return String(cString: tmp) }
        return "/tmp"
    }

    private static func failure(_ call: String) -> SFTPError {
        SFTPError(kind: .internalFailure, detail: "\(call) failed: \(String(cString: strerror(errno)))")
    }
}
