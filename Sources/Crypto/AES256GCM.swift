internal import COpenSSL

/// AES-256 in Galois/Counter Mode (NIST SP 800-38D): authenticated encryption for
/// secrets at rest, such as connector credentials.
///
/// ```swift
/// let key = SymmetricKey.random()
/// let box = try AES256GCM.seal(Array(secret.utf8), key: key, authenticating: Array(keyID.utf8))
/// store(keyID, box.combined)
/// let secret = try AES256GCM.open(AES256GCM.SealedBox(combined: stored), key: key,
///                                 authenticating: Array(keyID.utf8))
/// ```
///
/// Associated data is authenticated but not encrypted; pass whatever the ciphertext must
/// stay bound to (its key id, the row it belongs to) so it cannot be moved elsewhere.
public enum AES256GCM {
    /// Nonce length: 96 bits, the length SP 800-38D §8.2 recommends and the only one
    /// accepted here, so the combined form can be split without a length field.
    public static let nonceByteCount = 12

    /// Tag length: the full 128 bits (SP 800-38D §5.2.1.2; shorter tags weaken forgery resistance).
    public static let tagByteCount = 16

    /// Encrypts and authenticates `plaintext` under `key`.
    ///
    /// - Parameters:
    ///   - nonce: 12 bytes that must never repeat under the same key. Leave it nil to get
    ///     random ones; SP 800-38D §8.3 allows 2^32 random nonces per key.
    ///   - associatedData: bytes to authenticate without encrypting; `open` must be given the same.
    /// - Throws: `CryptoError.invalidNonceLength`, or `.library` if OpenSSL fails.
    public static func seal(
        _ plaintext: some Collection<UInt8>,
        key: SymmetricKey,
        nonce: [UInt8]? = nil,
        authenticating associatedData: [UInt8] = []
    ) throws(CryptoError) -> SealedBox {
        let nonce = nonce ?? SecureRandom.bytes(nonceByteCount)
        try validate(nonce: nonce)
        let context = try CipherContext(.encrypt, key: key, nonce: nonce)
        try context.authenticate(associatedData)
        let ciphertext = try context.transform(plaintext)
        let tag = try context.finishSealing()
        return try SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
    }

    /// Checks and decrypts `box` under `key`, returning the plaintext.
    ///
    /// - Parameter associatedData: the bytes given to `seal`.
    /// - Throws: `CryptoError.authenticationFailed` if the key is wrong or the nonce,
    ///   ciphertext, tag or associated data differ from what was sealed; no plaintext is
    ///   returned in that case. `.library` if OpenSSL fails.
    public static func open(
        _ box: SealedBox,
        key: SymmetricKey,
        authenticating associatedData: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        let context = try CipherContext(.decrypt, key: key, nonce: box.nonce)
        try context.authenticate(associatedData)
        var plaintext = try context.transform(box.ciphertext)
        do throws(CryptoError) {
            try context.finishOpening(tag: box.tag)
        } catch {
            // Unauthenticated plaintext must not be used (SP 800-38D §7.2); wipe it too.
            plaintext.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
            throw error
        }
        return plaintext
    }

    static func validate(nonce: [UInt8]) throws(CryptoError) {
        guard nonce.count == nonceByteCount else {
            throw .invalidNonceLength(actual: nonce.count, expected: nonceByteCount)
        }
    }
}
