internal import COpenSSL

/// Owns one `EVP_CIPHER_CTX` running AES-256-GCM in one direction and frees it in `deinit`.
///
/// Each method wraps one step of EVP_EncryptInit(3)'s AEAD sequence: initialise with key
/// and nonce, feed associated data, transform the text, then finish by producing (sealing)
/// or checking (opening) the tag. Lives for a single `seal` or `open` call.
final class CipherContext {
    /// Whether this context seals or opens.
    enum Direction {
        case encrypt, decrypt
    }

    private let context: OpaquePointer

    /// A context for `direction` under `key` with a 12-byte `nonce` (the EVP default GCM IV
    /// length, so no EVP_CTRL_GCM_SET_IVLEN is needed).
    init(_ direction: Direction, key: SymmetricKey, nonce: [UInt8]) throws(CryptoError) {
        precondition(nonce.count == AES256GCM.nonceByteCount, "nonce length is validated by AES256GCM")
        context = try OpenSSLCall.checkNotNull(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new")
        let encrypt: Int32 = direction == .encrypt ? 1 : 0
        try key.withUnsafeBytes { (keyBytes) throws(CryptoError) in
            let result = EVP_CipherInit_ex(context, EVP_aes_256_gcm(), nil,
                                           keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), nonce, encrypt)
            try OpenSSLCall.check(result, "EVP_CipherInit_ex")
        }
    }

    deinit {
        // EVP_CIPHER_CTX_free also cleanses the expanded key schedule.
        EVP_CIPHER_CTX_free(context)
    }

    /// Feeds associated data: authenticated by the tag but not encrypted (SP 800-38D §7.1).
    /// Must come before any text.
    func authenticate(_ associatedData: some Collection<UInt8>) throws(CryptoError) {
        try associatedData.withNonNullBytes { (input, count) throws(CryptoError) in
            try Self.inSlices(of: count) { (offset, length) throws(CryptoError) in
                var written: Int32 = 0
                // A NULL output buffer tells EVP_CipherUpdate the input is associated data.
                try OpenSSLCall.check(EVP_CipherUpdate(context, nil, &written, input + offset, length),
                                      "EVP_CipherUpdate (associated data)")
            }
        }
    }

    /// Encrypts or decrypts `input`. GCM is a stream mode, so the output has the same length.
    func transform(_ input: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        try input.withNonNullBytes { (input, count) throws(CryptoError) -> [UInt8] in
            var output = [UInt8](repeating: 0, count: count)
            try output.withUnsafeMutableBufferPointer { (outputBuffer) throws(CryptoError) in
                try Self.inSlices(of: count) { (offset, length) throws(CryptoError) in
                    var written: Int32 = 0
                    let result = EVP_CipherUpdate(context, outputBuffer.baseAddress! + offset, &written,
                                                  input + offset, length)
                    try OpenSSLCall.check(result, "EVP_CipherUpdate")
                    guard written == length else {
                        throw .library(function: "EVP_CipherUpdate", reason: "GCM wrote \(written) of \(length) bytes")
                    }
                }
            }
            return output
        }
    }

    /// Completes encryption and returns the 16-byte tag (EVP_CTRL_GCM_GET_TAG).
    func finishSealing() throws(CryptoError) -> [UInt8] {
        var trailing = [UInt8](repeating: 0, count: 16)
        var written: Int32 = 0
        try OpenSSLCall.check(EVP_CipherFinal_ex(context, &trailing, &written), "EVP_CipherFinal_ex")
        var tag = [UInt8](repeating: 0, count: AES256GCM.tagByteCount)
        let result = EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tag.count), &tag)
        try OpenSSLCall.check(result, "EVP_CIPHER_CTX_ctrl (EVP_CTRL_GCM_GET_TAG)")
        return tag
    }

    /// Checks `tag` against everything fed in; throws `authenticationFailed` on a mismatch.
    /// Until this returns, decrypted bytes must not be used (SP 800-38D §7.2 step 8).
    func finishOpening(tag: [UInt8]) throws(CryptoError) {
        var expected = tag
        let result = EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(expected.count), &expected)
        try OpenSSLCall.check(result, "EVP_CIPHER_CTX_ctrl (EVP_CTRL_GCM_SET_TAG)")
        var trailing = [UInt8](repeating: 0, count: 16)
        var written: Int32 = 0
        guard EVP_CipherFinal_ex(context, &trailing, &written) == 1 else {
            // A tag mismatch is an expected outcome, not a library fault: drop its queue entry.
            OpenSSLCall.clearErrorQueue()
            throw .authenticationFailed
        }
    }

    /// Calls `body` for consecutive slices of `count` bytes, each short enough for the
    /// `int` length of EVP_CipherUpdate; GCM allows any number of updates. Nothing for 0.
    private static func inSlices(of count: Int, _ body: (Int, Int32) throws(CryptoError) -> Void) throws(CryptoError) {
        let maximum = 1 << 30
        var offset = 0
        while offset < count {
            let length = min(maximum, count - offset)
            try body(offset, Int32(length))
            offset += length
        }
    }
}
