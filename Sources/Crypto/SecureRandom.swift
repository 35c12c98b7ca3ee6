internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (RAND_bytes(3), seeded from
/// the kernel's getrandom(2)).
///
/// If the generator cannot produce bytes — it failed to seed, or its health test failed —
/// these functions trap with `CryptoError.library`: carrying on with predictable salts,
/// nonces or tokens would be a silent security failure, worse than stopping the process.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count \(count)")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// A random token for URLs, cookies and API keys: `byteCount` random bytes in
    /// base64url without padding (RFC 4648 §5). The default 32 bytes (256 bits) make
    /// guessing hopeless; the text is `ceil(byteCount * 4 / 3)` characters long.
    public static func token(byteCount: Int = 32) -> String {
        Base64URL.encode(bytes(byteCount))
    }

    /// Fills `buffer` with random bytes, in pieces because RAND_bytes takes an `int`.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        let chunk = Int(Int32.max)
        var offset = 0
        while offset < buffer.count {
            let length = min(chunk, buffer.count - offset)
            OpenSSLCall.require(RAND_bytes(base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), Int32(length)),
                                "RAND_bytes")
            offset += length
        }
    }
}
