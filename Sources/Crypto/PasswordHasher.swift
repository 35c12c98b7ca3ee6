/// Hashes and verifies user passwords with scrypt (RFC 7914).
///
/// A hash is a self-describing string in the PHC string format that passlib also writes:
///
///     $scrypt$ln=17,r=8,p=1$<salt>$<hash>
///
/// where `ln` is log2(N) and salt (16 random bytes) and hash (32 bytes) are base64 in the
/// standard alphabet without padding. Because the parameters travel with each hash, they
/// can be raised later: `verify` reads them from the string, and `needsRehash` tells the
/// login code to store a fresh hash once the user's password has been checked.
///
/// One hash with the default parameters costs about 128 MiB of memory and a few hundred
/// milliseconds of one core; run it on a handler thread, never on an event loop.
public struct PasswordHasher: Sendable {
    /// Random salt length for new hashes: 128 bits (NIST SP 800-132 §5.1 asks for at least 128).
    public static let saltByteCount = 16

    /// Output length for new hashes: 256 bits.
    public static let hashByteCount = 32

    /// The scrypt parameters new hashes are made with.
    public let parameters: Parameters

    /// A hasher making new hashes with `parameters` (by default OWASP's recommendation,
    /// N = 2^17, r = 8, p = 1). Tests may pass small parameters to run fast.
    public init(parameters: Parameters = .recommended) {
        self.parameters = parameters
    }

    /// A new encoded hash of `password` (its UTF-8 bytes, not normalised) with a fresh salt.
    /// - Throws: `CryptoError.rejectedScryptParameters` if `parameters` are outside
    ///   `Parameters`' limits, `.library` if OpenSSL fails.
    public func hash(password: String) throws(CryptoError) -> String {
        try parameters.validate()
        let salt = SecureRandom.bytes(Self.saltByteCount)
        let hash = try Self.derive(password: password, salt: salt, parameters: parameters, length: Self.hashByteCount)
        return EncodedPasswordHash(parameters: parameters, salt: salt, hash: hash).encoded
    }

    /// Whether `password` matches `encoded`, using the parameters stored in `encoded`
    /// (not this hasher's) and comparing in constant time.
    ///
    /// A wrong password returns false; only an unusable `encoded` throws.
    /// - Throws: `CryptoError.malformedPasswordHash` if `encoded` cannot be read,
    ///   `.rejectedScryptParameters` if its parameters exceed `Parameters`' limits (a stored
    ///   hash must not be able to make a login allocate gigabytes), `.library` if OpenSSL fails.
    public func verify(password: String, against encoded: String) throws(CryptoError) -> Bool {
        let stored = try EncodedPasswordHash(parsing: encoded)
        try stored.parameters.validate()
        let candidate = try Self.derive(password: password, salt: stored.salt, parameters: stored.parameters,
                                        length: stored.hash.count)
        return ConstantTime.equals(candidate, stored.hash)
    }

    /// Whether `encoded` should be replaced by a new hash of the same password: it was made
    /// with other parameters or lengths than this hasher uses, or it cannot be read at all.
    /// Call it after a successful `verify`, while the plaintext password is at hand.
    public func needsRehash(_ encoded: String) -> Bool {
        guard let stored = try? EncodedPasswordHash(parsing: encoded) else { return true }
        return stored.parameters != parameters
            || stored.salt.count != Self.saltByteCount
            || stored.hash.count != Self.hashByteCount
    }

    private static func derive(password: String, salt: [UInt8], parameters: Parameters,
                               length: Int) throws(CryptoError) -> [UInt8] {
        try Scrypt.derive(password: password.utf8, salt: salt, n: parameters.n, r: parameters.r, p: parameters.p,
                          length: length)
    }
}
