import Crypto
import Testing

/// AES-256-GCM against the test cases of McGrew & Viega, "The Galois/Counter Mode of
/// Operation (GCM)", Appendix B, test cases 13–16 (the 256-bit key cases with 96-bit IVs).
/// Values cross-checked with the Python `cryptography` package's AESGCM.
struct AES256GCMTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let testCase: Int
        let key: [UInt8]
        let nonce: [UInt8]
        let plaintext: [UInt8]
        let associatedData: [UInt8]
        let ciphertext: [UInt8]
        let tag: [UInt8]
        var testDescription: String { "GCM test case \(testCase)" }
    }

    static let key15 = hex("feffe9928665731c6d6a8f9467308308 feffe9928665731c6d6a8f9467308308")
    static let nonce15 = hex("cafebabefacedbaddecaf888")
    static let plaintext15 = hex("""
        d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72
        1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b391aafd255
        """)
    static let ciphertext15 = hex("""
        522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa
        8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662898015ad
        """)

    static let vectors = [
        Vector(testCase: 13, key: [UInt8](repeating: 0, count: 32), nonce: [UInt8](repeating: 0, count: 12),
               plaintext: [], associatedData: [], ciphertext: [],
               tag: hex("530f8afbc74536b9a963b4f1c4cb738b")),
        Vector(testCase: 14, key: [UInt8](repeating: 0, count: 32), nonce: [UInt8](repeating: 0, count: 12),
               plaintext: [UInt8](repeating: 0, count: 16), associatedData: [],
               ciphertext: hex("cea7403d4d606b6e074ec5d3baf39d18"),
               tag: hex("d0d1c8a799996bf0265b98b5d48ab919")),
        Vector(testCase: 15, key: key15, nonce: nonce15, plaintext: plaintext15, associatedData: [],
               ciphertext: ciphertext15, tag: hex("b094dac5d93471bdec1a502270e3cc6c")),
        Vector(testCase: 16, key: key15, nonce: nonce15, plaintext: Array(plaintext15.prefix(60)),
               associatedData: hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
               ciphertext: Array(ciphertext15.prefix(60)), tag: hex("76fc6ece0f4e1768cddf8853bb2d551b")),
    ]

    static var testCase16: Vector { vectors[3] }

    @Test(arguments: vectors)
    func sealMatchesPublishedCiphertextAndTag(vector: Vector) throws {
        let box = try AES256GCM.seal(vector.plaintext, key: SymmetricKey(bytes: vector.key), nonce: vector.nonce,
                                     authenticating: vector.associatedData)
        #expect(box.nonce == vector.nonce)
        #expect(box.ciphertext == vector.ciphertext)
        #expect(box.tag == vector.tag)
    }

    @Test(arguments: vectors)
    func openRecoversPublishedPlaintext(vector: Vector) throws {
        let box = try AES256GCM.SealedBox(nonce: vector.nonce, ciphertext: vector.ciphertext, tag: vector.tag)
        let plaintext = try AES256GCM.open(box, key: SymmetricKey(bytes: vector.key), authenticating: vector.associatedData)
        #expect(plaintext == vector.plaintext)
    }

    /// Flipping any single bit of nonce, ciphertext or tag must make `open` fail.
    @Test func rejectsEveryTamperedByteOfTheCombinedForm() throws {
        let vector = Self.testCase16
        let key = try SymmetricKey(bytes: vector.key)
        let combined = vector.nonce + vector.ciphertext + vector.tag
        for index in combined.indices {
            var tampered = combined
            tampered[index] ^= 0x01
            #expect(throws: CryptoError.authenticationFailed, "byte \(index) flipped") {
                try AES256GCM.open(AES256GCM.SealedBox(combined: tampered), key: key, authenticating: vector.associatedData)
            }
        }
    }

    @Test func rejectsTamperedTag() throws {
        let vector = Self.testCase16
        var tag = vector.tag
        tag[15] ^= 0x80
        let box = try AES256GCM.SealedBox(nonce: vector.nonce, ciphertext: vector.ciphertext, tag: tag)
        #expect(throws: CryptoError.authenticationFailed) {
            try AES256GCM.open(box, key: SymmetricKey(bytes: vector.key), authenticating: vector.associatedData)
        }
    }

    @Test func rejectsTamperedCiphertext() throws {
        let vector = Self.testCase16
        var ciphertext = vector.ciphertext
        ciphertext[0] ^= 0x01
        let box = try AES256GCM.SealedBox(nonce: vector.nonce, ciphertext: ciphertext, tag: vector.tag)
        #expect(throws: CryptoError.authenticationFailed) {
            try AES256GCM.open(box, key: SymmetricKey(bytes: vector.key), authenticating: vector.associatedData)
        }
    }

    @Test func rejectsAlteredAssociatedData() throws {
        let vector = Self.testCase16
        let box = try AES256GCM.SealedBox(nonce: vector.nonce, ciphertext: vector.ciphertext, tag: vector.tag)
        var associatedData = vector.associatedData
        associatedData[associatedData.count - 1] ^= 0x01
        #expect(throws: CryptoError.authenticationFailed) {
            try AES256GCM.open(box, key: SymmetricKey(bytes: vector.key), authenticating: associatedData)
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AES256GCM.open(box, key: SymmetricKey(bytes: vector.key))
        }
    }

    @Test func rejectsWrongKey() throws {
        let box = try AES256GCM.seal(ascii("api secret"), key: .random())
        #expect(throws: CryptoError.authenticationFailed) {
            try AES256GCM.open(box, key: .random())
        }
    }

    @Test func roundTripsWithARandomNonceAndAssociatedData() throws {
        let key = SymmetricKey.random()
        let keyID = ascii("key-2025-01")
        let box = try AES256GCM.seal(ascii("consumer_secret=cs_123"), key: key, authenticating: keyID)
        #expect(box.nonce.count == 12)
        #expect(box.tag.count == 16)
        #expect(try AES256GCM.open(box, key: key, authenticating: keyID) == ascii("consumer_secret=cs_123"))
    }

    @Test func sealingTwiceUsesDifferentNonces() throws {
        let key = SymmetricKey.random()
        let first = try AES256GCM.seal(ascii("same"), key: key)
        let second = try AES256GCM.seal(ascii("same"), key: key)
        #expect(first.nonce != second.nonce)
        #expect(first.ciphertext != second.ciphertext)
    }

    @Test func combinedFormIsNonceCiphertextTag() throws {
        let vector = Self.testCase16
        let box = try AES256GCM.seal(vector.plaintext, key: SymmetricKey(bytes: vector.key), nonce: vector.nonce,
                                     authenticating: vector.associatedData)
        #expect(box.combined == vector.nonce + vector.ciphertext + vector.tag)
        #expect(try AES256GCM.SealedBox(combined: box.combined) == box)
    }

    @Test func combinedFormOfEmptyPlaintextIsNonceAndTagOnly() throws {
        let key = SymmetricKey.random()
        let box = try AES256GCM.seal([UInt8](), key: key)
        #expect(box.combined.count == 28)
        #expect(try AES256GCM.open(AES256GCM.SealedBox(combined: box.combined), key: key).isEmpty)
    }

    @Test func rejectsTruncatedCombinedForm() {
        #expect(throws: CryptoError.truncatedSealedBox(byteCount: 27, minimum: 28)) {
            try AES256GCM.SealedBox(combined: [UInt8](repeating: 0, count: 27))
        }
    }

    @Test func rejectsNonceOfWrongLength() {
        #expect(throws: CryptoError.invalidNonceLength(actual: 8, expected: 12)) {
            try AES256GCM.seal(ascii("x"), key: .random(), nonce: [UInt8](repeating: 1, count: 8))
        }
    }

    @Test func rejectsTagOfWrongLength() {
        #expect(throws: CryptoError.invalidTagLength(actual: 12, expected: 16)) {
            try AES256GCM.SealedBox(nonce: [UInt8](repeating: 0, count: 12), ciphertext: [],
                                    tag: [UInt8](repeating: 0, count: 12))
        }
    }

    @Test func sealsLargePlaintext() throws {
        let key = SymmetricKey.random()
        let plaintext = SecureRandom.bytes(3 << 20)
        let box = try AES256GCM.seal(plaintext, key: key)
        #expect(box.ciphertext.count == plaintext.count)
        #expect(try AES256GCM.open(box, key: key) == plaintext)
    }
}
