extension AES256GCM {
    /// The output of `AES256GCM.seal`: nonce, ciphertext and tag.
    ///
    /// Store or send it as `combined` (`nonce || ciphertext || tag`, the layout of RFC 5116
    /// §5.1 with the nonce in front) and read it back with `init(combined:)`.
    public struct SealedBox: Sendable, Hashable {
        /// The 12-byte nonce the plaintext was sealed with.
        public let nonce: [UInt8]
        /// The encrypted bytes; as long as the plaintext.
        public let ciphertext: [UInt8]
        /// The 16-byte authentication tag.
        public let tag: [UInt8]

        /// A box from its three parts, checking the nonce and tag lengths.
        /// - Throws: `CryptoError.invalidNonceLength` or `.invalidTagLength`.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws(CryptoError) {
            try AES256GCM.validate(nonce: nonce)
            guard tag.count == AES256GCM.tagByteCount else {
                throw .invalidTagLength(actual: tag.count, expected: AES256GCM.tagByteCount)
            }
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }

        /// A box from its combined form `nonce || ciphertext || tag`.
        /// - Throws: `CryptoError.truncatedSealedBox` if `combined` is shorter than 28 bytes.
        public init(combined: some Collection<UInt8>) throws(CryptoError) {
            let bytes = Array(combined)
            let minimum = AES256GCM.nonceByteCount + AES256GCM.tagByteCount
            guard bytes.count >= minimum else {
                throw .truncatedSealedBox(byteCount: bytes.count, minimum: minimum)
            }
            let ciphertextEnd = bytes.count - AES256GCM.tagByteCount
            try self.init(nonce: Array(bytes[..<AES256GCM.nonceByteCount]),
                          ciphertext: Array(bytes[AES256GCM.nonceByteCount..<ciphertextEnd]),
                          tag: Array(bytes[ciphertextEnd...]))
        }

        /// The wire and storage form: `nonce || ciphertext || tag`.
        public var combined: [UInt8] {
            nonce + ciphertext + tag
        }
    }
}
