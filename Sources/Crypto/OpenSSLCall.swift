internal import COpenSSL

/// The one place where OpenSSL return codes become `CryptoError`s.
///
/// OpenSSL 3 functions report success as 1 and leave the reason on a thread-local error
/// queue (ERR_get_error(3)). Reading the queue empties it, so a later failure on the same
/// thread is not blamed on an earlier one.
enum OpenSSLCall {
    /// Throws `CryptoError.library` unless `result` is 1 (the OpenSSL 3 success value).
    static func check(_ result: Int32, _ function: String) throws(CryptoError) {
        guard result == 1 else { throw failure(function) }
    }

    /// Returns `pointer`, or throws `CryptoError.library` when OpenSSL returned NULL.
    static func checkNotNull<Pointee>(_ pointer: Pointee?, _ function: String) throws(CryptoError) -> Pointee {
        guard let pointer else { throw failure(function) }
        return pointer
    }

    /// For calls that cannot fail on valid input (digest updates, RAND_bytes): failure means
    /// OpenSSL itself is unusable (no memory, no provider). Returning a wrong digest or
    /// predictable bytes would be worse than stopping, so this traps with the typed error.
    static func require(_ result: Int32, _ function: String) {
        guard result == 1 else { fatalError(String(describing: failure(function))) }
    }

    /// Pointer-returning variant of `require(_:_:)`, for calls that return NULL on failure.
    static func requireNotNull<Pointee>(_ pointer: Pointee?, _ function: String) -> Pointee {
        guard let pointer else { fatalError(String(describing: failure(function))) }
        return pointer
    }

    /// Builds `CryptoError.library` for `function` from the error queue, draining it.
    static func failure(_ function: String) -> CryptoError {
        .library(function: function, reason: drainErrorQueue())
    }

    /// Empties the thread's error queue, e.g. after an expected failure such as a GCM tag
    /// mismatch, so the stale entry cannot surface in an unrelated error later.
    static func clearErrorQueue() {
        ERR_clear_error()
    }

    /// Renders and removes every entry on the thread's error queue, oldest first.
    private static func drainErrorQueue() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            // ERR_error_string_n(3): 256 bytes hold any message and always NUL-terminate.
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no reason on the OpenSSL error queue" : reasons.joined(separator: "; ")
    }
}
