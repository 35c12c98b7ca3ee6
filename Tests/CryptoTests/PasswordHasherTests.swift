import Crypto
import Testing

struct PasswordHasherTests {
    /// N = 2^10 keeps each hash around a millisecond; the default is tested once below.
    static let fast = PasswordHasher(parameters: .init(logN: 10, r: 8, p: 1))

    @Test func verifiesTheHashedPassword() throws {
        let encoded = try Self.fast.hash(password: "correct horse battery staple")
        #expect(try Self.fast.verify(password: "correct horse battery staple", against: encoded))
    }

    @Test func rejectsAWrongPassword() throws {
        let encoded = try Self.fast.hash(password: "correct horse battery staple")
        #expect(try !Self.fast.verify(password: "correct horse battery stapl", against: encoded))
        #expect(try !Self.fast.verify(password: "", against: encoded))
    }

    @Test func encodingNamesAlgorithmParametersSaltAndHash() throws {
        let encoded = try Self.fast.hash(password: "pw")
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        #expect(fields[1] == "scrypt")
        #expect(fields[2] == "ln=10,r=8,p=1")
        // Unpadded standard base64: 16 bytes → 22 characters, 32 bytes → 43.
        #expect(fields[3].count == 22)
        #expect(fields[4].count == 43)
    }

    @Test func hashingTheSamePasswordTwiceUsesDifferentSalts() throws {
        #expect(try Self.fast.hash(password: "same") != Self.fast.hash(password: "same"))
    }

    /// Written by Python's hashlib.scrypt with salt 00 01 … 0f, encoded as passlib does.
    @Test(arguments: [
        ("correct horse battery staple",
         "$scrypt$ln=10,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$mp90zEQd5XGhjEv4WArVH4Z0XRSzkGWtJK2S/AXJlRU"),
        ("pässwörd 🔑",
         "$scrypt$ln=10,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$YReAx0WlfpCmIFHpivsrzvufnVRmU3b9qHJGzIv+8Dc"),
    ])
    func verifiesHashesWrittenByAnotherImplementation(password: String, encoded: String) throws {
        #expect(try Self.fast.verify(password: password, against: encoded))
        #expect(try !Self.fast.verify(password: password + " ", against: encoded))
    }

    @Test func defaultParametersAreOWASPsRecommendationAndVerify() throws {
        let hasher = PasswordHasher()
        #expect(hasher.parameters == PasswordHasher.Parameters(logN: 17, r: 8, p: 1))
        #expect(hasher.parameters.n == 131_072)
        let encoded = try hasher.hash(password: "a real default hash")
        #expect(encoded.hasPrefix("$scrypt$ln=17,r=8,p=1$"))
        #expect(try hasher.verify(password: "a real default hash", against: encoded))
        #expect(!hasher.needsRehash(encoded))
    }

    static let salt = "AAECAwQFBgcICQoLDA0ODw"
    static let hash = "mp90zEQd5XGhjEv4WArVH4Z0XRSzkGWtJK2S/AXJlRU"

    @Test(arguments: [
        "",
        "scrypt$ln=10,r=8,p=1$\(salt)$\(hash)",
        "$scrypt$ln=10,r=8,p=1$\(salt)",
        "$scrypt$ln=10,r=8,p=1$\(salt)$\(hash)$",
        "$argon2id$ln=10,r=8,p=1$\(salt)$\(hash)",
        "$scrypt$ln=10,p=1,r=8$\(salt)$\(hash)",
        "$scrypt$ln=10,r=8$\(salt)$\(hash)",
        "$scrypt$ln=10,r=8,p=1,x=2$\(salt)$\(hash)",
        "$scrypt$ln=+10,r=8,p=1$\(salt)$\(hash)",
        "$scrypt$ln=010,r=8,p=1$\(salt)$\(hash)",
        "$scrypt$ln=-1,r=8,p=1$\(salt)$\(hash)",
        "$scrypt$ln=99999999999,r=8,p=1$\(salt)$\(hash)",
        "$scrypt$ln= 10,r=8,p=1$\(salt)$\(hash)",
        "$scrypt$ln=10,r=8,p=1$\(salt)==$\(hash)",
        "$scrypt$ln=10,r=8,p=1$AAECAwQFBgcICQoLDA0O*w$\(hash)",
        "$scrypt$ln=10,r=8,p=1$AAECAwQFBgcICQoL$\(hash)",
        "$scrypt$ln=10,r=8,p=1$\(salt)$",
        "$scrypt$ln=10,r=8,p=1$\(salt)$mp90zEQd5XGhjEv4WArVH4Z0XRSzkGWtJK2S_AXJlRU",
    ])
    func rejectsMalformedEncodings(encoded: String) {
        let error = #expect(throws: CryptoError.self) {
            try Self.fast.verify(password: "correct horse battery staple", against: encoded)
        }
        guard case .malformedPasswordHash = error else {
            Issue.record("expected malformedPasswordHash, got \(String(describing: error))")
            return
        }
    }

    /// Parameters a stored hash could use to make one login allocate gigabytes or run for minutes.
    @Test(arguments: [
        "ln=0,r=8,p=1",      // N = 1 is not scrypt
        "ln=33,r=8,p=1",     // N = 2^33
        "ln=20,r=8,p=1",     // 1 GiB
        "ln=17,r=32,p=1",    // 512 MiB
        "ln=17,r=8,p=16",    // 16× the work
        "ln=10,r=0,p=1",
        "ln=10,r=8,p=0",
        "ln=10,r=4294967295,p=4294967295",
    ])
    func rejectsAbsurdParametersBeforeDeriving(parameters: String) {
        let encoded = "$scrypt$\(parameters)$\(Self.salt)$\(Self.hash)"
        let error = #expect(throws: CryptoError.self) {
            try Self.fast.verify(password: "correct horse battery staple", against: encoded)
        }
        guard case .rejectedScryptParameters = error else {
            Issue.record("expected rejectedScryptParameters, got \(String(describing: error))")
            return
        }
    }

    @Test func refusesToHashWithParametersAboveTheLimits() {
        let hasher = PasswordHasher(parameters: .init(logN: 21, r: 8, p: 1))
        let error = #expect(throws: CryptoError.self) { try hasher.hash(password: "x") }
        guard case .rejectedScryptParameters = error else {
            Issue.record("expected rejectedScryptParameters, got \(String(describing: error))")
            return
        }
    }

    @Test func needsNoRehashForItsOwnParameters() throws {
        #expect(!Self.fast.needsRehash(try Self.fast.hash(password: "pw")))
    }

    @Test func needsRehashWhenParametersChanged() throws {
        let old = try Self.fast.hash(password: "pw")
        #expect(PasswordHasher().needsRehash(old))
        #expect(PasswordHasher(parameters: .init(logN: 10, r: 8, p: 2)).needsRehash(old))
    }

    @Test func needsRehashForLengthsOtherThanItsOwn() {
        // 16-byte hash (accepted on read) where new hashes are 32 bytes.
        let shortHash = "$scrypt$ln=10,r=8,p=1$\(Self.salt)$AAECAwQFBgcICQoLDA0ODw"
        #expect(Self.fast.needsRehash(shortHash))
    }

    @Test func needsRehashForUnreadableEncodings() {
        #expect(Self.fast.needsRehash("not a hash"))
    }

    @Test func errorsSayWhatIsWrong() {
        let error = #expect(throws: CryptoError.self) {
            try Self.fast.verify(password: "pw", against: "$scrypt$ln=10,r=8,p=1$\(Self.salt)$")
        }
        #expect(error?.description.contains("hash is 0 bytes") == true)
    }
}
