internal import COpenSSL

/// Owns one `EVP_MD_CTX` running SHA-256 and frees it in `deinit`.
///
/// Mutated only through `SHA256`, which copies the context before writing whenever the
/// reference is shared (copy-on-write), so no two threads ever mutate the same context;
/// that is what makes the `@unchecked Sendable` sound.
final class DigestContext: @unchecked Sendable {
    private let context: OpaquePointer

    /// A context initialised for SHA-256 (EVP_DigestInit_ex(3)).
    init() {
        context = OpenSSLCall.requireNotNull(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        OpenSSLCall.require(EVP_DigestInit_ex(context, EVP_sha256(), nil), "EVP_DigestInit_ex")
    }

    /// An independent context in the same state as `other` (EVP_MD_CTX_copy_ex(3)).
    init(copying other: DigestContext) {
        context = OpenSSLCall.requireNotNull(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        OpenSSLCall.require(EVP_MD_CTX_copy_ex(context, other.context), "EVP_MD_CTX_copy_ex")
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Feeds `bytes` into the running digest.
    func update(_ bytes: some Collection<UInt8>) {
        bytes.withNonNullBytes { pointer, count in
            OpenSSLCall.require(EVP_DigestUpdate(context, pointer, count), "EVP_DigestUpdate")
        }
    }

    /// Writes the digest. The context must not be updated afterwards (EVP_DigestFinal_ex(3)).
    func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: SHA256.byteCount) { buffer, initialized in
            var length: UInt32 = 0
            OpenSSLCall.require(EVP_DigestFinal_ex(context, buffer.baseAddress, &length), "EVP_DigestFinal_ex")
            initialized = Int(length)
        }
    }
}
