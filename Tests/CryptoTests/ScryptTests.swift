import Crypto
import Foundation
import Testing

/// RFC 7914 §12 scrypt test vectors. Values cross-checked with Python's hashlib.scrypt and
/// the `cryptography` package's Scrypt.
struct ScryptTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let password: String
        let salt: String
        let n: UInt64
        let r: UInt32
        let p: UInt32
        let derivedKey: [UInt8]
        var testDescription: String { "P=\"\(password)\" S=\"\(salt)\" N=\(n) r=\(r) p=\(p)" }
    }

    static let vectors = [
        Vector(password: "", salt: "", n: 16, r: 1, p: 1, derivedKey: hex("""
            77 d6 57 62 38 65 7b 20 3b 19 ca 42 c1 8a 04 97 f1 6b 48 44 e3 07 4a e8 df df fa 3f ed e2 14 42
            fc d0 06 9d ed 09 48 f8 32 6a 75 3a 0f c8 1f 17 e8 d3 e0 fb 2e 0d 36 28 cf 35 e2 0c 38 d1 89 06
            """)),
        Vector(password: "password", salt: "NaCl", n: 1024, r: 8, p: 16, derivedKey: hex("""
            fd ba be 1c 9d 34 72 00 78 56 e7 19 0d 01 e9 fe 7c 6a d7 cb c8 23 78 30 e7 73 76 63 4b 37 31 62
            2e af 30 d9 2e 22 a3 88 6f f1 09 27 9d 98 30 da c7 27 af b9 4a 83 ee 6d 83 60 cb df a2 cc 06 40
            """)),
        Vector(password: "pleaseletmein", salt: "SodiumChloride", n: 16384, r: 8, p: 1, derivedKey: hex("""
            70 23 bd cb 3a fd 73 48 46 1c 06 cd 81 fd 38 eb fd a8 fb ba 90 4f 8e 3e a9 b5 43 f6 54 5d a1 f2
            d5 43 29 55 61 3f 0f cf 62 d4 97 05 24 2a 9a f9 e6 1e 85 dc 0d 65 1e 40 df cf 01 7b 45 57 58 87
            """)),
    ]

    @Test(arguments: vectors)
    func derivesRFC7914Vectors(vector: Vector) throws {
        let derived = try Scrypt.derive(password: ascii(vector.password), salt: ascii(vector.salt),
                                        n: vector.n, r: vector.r, p: vector.p, length: 64)
        #expect(derived == vector.derivedKey)
    }

    /// The fourth vector (N = 2^20, r = 8) needs 1 GiB and a few seconds, too much to run by
    /// default beside other suites on a shared machine. Set CRYPTO_LARGE_VECTORS=1 to run it.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CRYPTO_LARGE_VECTORS"] != nil))
    func derivesTheOneGibibyteRFC7914Vector() throws {
        let derived = try Scrypt.derive(password: ascii("pleaseletmein"), salt: ascii("SodiumChloride"),
                                        n: 1_048_576, r: 8, p: 1, length: 64)
        #expect(derived == hex("""
            21 01 cb 9b 6a 51 1a ae ad db be 09 cf 70 f8 81 ec 56 8d 57 4a 2f fd 4d ab e5 ee 98 20 ad aa 47
            8e 56 fd 8f 4b a5 d0 9f fa 1c 6d 92 7c 40 f4 c3 37 30 40 49 e8 a9 52 fb cb f4 5c 6f a7 7a 41 a4
            """))
    }

    @Test func outputHasTheRequestedLength() throws {
        #expect(try Scrypt.derive(password: ascii("p"), salt: ascii("s"), n: 16, r: 1, p: 1, length: 7).count == 7)
    }

    struct Forbidden: Sendable, CustomTestStringConvertible {
        var n: UInt64 = 1024
        var r: UInt32 = 8
        var p: UInt32 = 1
        var length = 32
        var testDescription: String { "N=\(n) r=\(r) p=\(p) length=\(length)" }
    }

    static let forbidden: [Forbidden] = [
        Forbidden(n: 0), Forbidden(n: 1), Forbidden(n: 1000), Forbidden(n: (1 << 63) + 1),
        Forbidden(r: 0), Forbidden(p: 0), Forbidden(length: 0),
        Forbidden(n: 1 << 16, r: 1),                // RFC 7914 §2: N < 2^(16·r)
        Forbidden(r: 1, p: UInt32.max),             // RFC 7914 §2: p ≤ (2^32 − 1)·32 / (128·r)
        Forbidden(n: 1 << 63, r: 8),                // memory beyond 2^64 bytes
    ]

    @Test(arguments: forbidden)
    func rejectsParametersRFC7914Forbids(parameters: Forbidden) {
        let error = #expect(throws: CryptoError.self) {
            try Scrypt.derive(password: ascii("p"), salt: ascii("s"), n: parameters.n, r: parameters.r,
                              p: parameters.p, length: parameters.length)
        }
        guard case .rejectedScryptParameters = error else {
            Issue.record("expected rejectedScryptParameters, got \(String(describing: error))")
            return
        }
    }

    @Test func memoryRequiredMatchesOpenSSLsAccounting() {
        // 128·r·(N + 2) for V plus 128·r·p for B: 128 MiB and a little for OWASP's choice.
        let expected: UInt64 = 134_219_776 + 1_024 // 128·8·(2^17 + 2) + 128·8·1
        #expect(Scrypt.memoryRequired(n: 1 << 17, r: 8, p: 1) == expected)
        #expect(Scrypt.memoryRequired(n: 1 << 62, r: 1 << 20, p: 1) == nil)
    }
}
