/// The scrypt key derivation function (RFC 7914), run by OpenSSL's "SCRYPT" EVP_KDF.
///
/// This is the raw function, for test vectors and for callers that manage their own
/// parameters. To store passwords use `PasswordHasher`, which picks the salt, encodes the
/// parameters with the hash, and refuses parameters that would let a stored hash exhaust
/// memory or time. `derive` itself only refuses what RFC 7914 forbids, and allocates what
/// the parameters ask for — about `128 · r · N` bytes.
public enum Scrypt {
    /// OSSL_KDF_PARAM_* names from <openssl/core_names.h>, as StaticStrings because an
    /// OSSL_PARAM keeps a pointer to its name.
    private enum ParameterName {
        static let password: StaticString = "pass"          // OSSL_KDF_PARAM_PASSWORD
        static let salt: StaticString = "salt"              // OSSL_KDF_PARAM_SALT
        static let n: StaticString = "n"                    // OSSL_KDF_PARAM_SCRYPT_N
        static let r: StaticString = "r"                    // OSSL_KDF_PARAM_SCRYPT_R
        static let p: StaticString = "p"                    // OSSL_KDF_PARAM_SCRYPT_P
        static let maxMemory: StaticString = "maxmem_bytes" // OSSL_KDF_PARAM_SCRYPT_MAXMEM
    }

    /// Derives `length` bytes from `password` and `salt`.
    ///
    /// - Parameters:
    ///   - n: CPU/memory cost; a power of two greater than 1 (RFC 7914 §2).
    ///   - r: block size, at least 1.
    ///   - p: parallelisation, at least 1 and at most (2^32 − 1) · 32 / (128 · r).
    ///   - length: output bytes, at least 1.
    /// - Throws: `CryptoError.rejectedScryptParameters` for parameters RFC 7914 forbids,
    ///   `.library` if OpenSSL fails (for example when the memory cannot be allocated).
    public static func derive(
        password: some Collection<UInt8>,
        salt: some Collection<UInt8>,
        n: UInt64,
        r: UInt32,
        p: UInt32,
        length: Int
    ) throws(CryptoError) -> [UInt8] {
        let memory = try validate(n: n, r: r, p: p, length: length)
        let context = try KDFContext(algorithm: "SCRYPT")
        try context.set(ParameterName.password, octets: password)
        try context.set(ParameterName.salt, octets: salt)
        try context.set(ParameterName.n, uint64: n)
        try context.set(ParameterName.r, uint32: r)
        try context.set(ParameterName.p, uint32: p)
        // OpenSSL refuses to use more than maxmem_bytes (default 32 MiB, too small for
        // N = 2^17, r = 8); allow exactly what these parameters need.
        try context.set(ParameterName.maxMemory, uint64: memory)
        return try context.derive(length: length)
    }

    /// The bytes OpenSSL allocates for these parameters — the 128 · r · (N + 2) byte table V
    /// plus 128 · r · p bytes for B — or nil if that does not fit in 64 bits.
    public static func memoryRequired(n: UInt64, r: UInt32, p: UInt32) -> UInt64? {
        let blockBytes = 128 * UInt64(r)
        let (nPlusTwo, o1) = n.addingReportingOverflow(2)
        let (table, o2) = blockBytes.multipliedReportingOverflow(by: nPlusTwo)
        let (blocks, o3) = blockBytes.multipliedReportingOverflow(by: UInt64(p))
        let (total, o4) = table.addingReportingOverflow(blocks)
        return o1 || o2 || o3 || o4 ? nil : total
    }

    /// Checks RFC 7914 §2's constraints and returns the memory the derivation needs.
    private static func validate(n: UInt64, r: UInt32, p: UInt32, length: Int) throws(CryptoError) -> UInt64 {
        guard n > 1, n & (n - 1) == 0 else {
            throw .rejectedScryptParameters(reason: "N = \(n) is not a power of two greater than 1")
        }
        guard r >= 1, p >= 1 else {
            throw .rejectedScryptParameters(reason: "r = \(r) and p = \(p) must both be at least 1")
        }
        // RFC 7914 §2: N < 2^(128 · r / 8); only binds for r < 4.
        if r < 4, n.trailingZeroBitCount >= 16 * Int(r) {
            throw .rejectedScryptParameters(reason: "N = \(n) must be below 2^\(16 * Int(r)) when r = \(r)")
        }
        // RFC 7914 §2: p ≤ ((2^32 − 1) · hLen) / MFLen with hLen = 32, MFLen = 128 · r.
        guard UInt64(p) <= (UInt64(UInt32.max) * 32) / (128 * UInt64(r)) else {
            throw .rejectedScryptParameters(reason: "p = \(p) is too large for r = \(r)")
        }
        guard length >= 1, UInt64(length) <= UInt64(UInt32.max) * 32 else {
            throw .rejectedScryptParameters(reason: "output length \(length) is outside 1...(2^32 − 1) · 32")
        }
        guard let memory = memoryRequired(n: n, r: r, p: p) else {
            throw .rejectedScryptParameters(reason: "N = \(n), r = \(r), p = \(p) need more than 2^64 bytes")
        }
        return memory
    }
}
