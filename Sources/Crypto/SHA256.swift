internal import COpenSSL

/// SHA-256 (FIPS 180-4 §6.2), in one call or streamed.
///
/// ```swift
/// let digest = SHA256.hash(body)           // 32 bytes
/// var hasher = SHA256()
/// for chunk in chunks { hasher.update(chunk) }
/// let same = hasher.finalize()
/// ```
///
/// `SHA256` is a value: copying a hasher mid-stream gives two independent hashers (the
/// OpenSSL context is copied on the first write after a copy).
///
/// SHA-256 cannot fail on valid input; if OpenSSL cannot run it at all (no memory, no
/// default provider) these functions trap with `CryptoError.library` rather than return
/// a wrong digest.
public struct SHA256: Sendable {
    /// The length of a SHA-256 digest in bytes.
    public static let byteCount = 32

    private var context: DigestContext

    /// A hasher that has seen no input yet.
    public init() {
        context = DigestContext()
    }

    /// The SHA-256 digest of `data` (32 bytes).
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        data.withNonNullBytes { pointer, count in
            [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
                // EVP_Digest(3): init, update and final over one buffer, no context to free.
                var length: UInt32 = 0
                OpenSSLCall.require(EVP_Digest(pointer, count, buffer.baseAddress, &length, EVP_sha256(), nil), "EVP_Digest")
                initialized = Int(length)
            }
        }
    }

    /// Adds `data` to the message being hashed.
    public mutating func update(_ data: some Collection<UInt8>) {
        if !isKnownUniquelyReferenced(&context) {
            context = DigestContext(copying: context)
        }
        context.update(data)
    }

    /// The digest of everything passed to `update` (32 bytes). Consumes the hasher.
    public consuming func finalize() -> [UInt8] {
        // Finalising writes into the context; a copy of this hasher elsewhere must keep
        // its own state, so finalise a private copy unless this is the only reference.
        if !isKnownUniquelyReferenced(&context) {
            context = DigestContext(copying: context)
        }
        return context.finalize()
    }
}
