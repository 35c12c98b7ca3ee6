import Crypto
import Testing

/// FIPS 180-2 Appendix B: SHA-256 examples (B.1 "abc", B.2 the 448-bit message, B.3 one
/// million "a"), plus the empty message. Values cross-checked with Python's hashlib and the
/// `cryptography` package (its own OpenSSL build).
struct SHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let message: [UInt8]
        let digest: String
        var testDescription: String { name }
    }

    static let vectors = [
        Vector(name: "B.1 abc", message: ascii("abc"),
               digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(name: "empty", message: [],
               digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(name: "B.2 448 bits", message: ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
               digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ]

    static let millionADigest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test(arguments: vectors)
    func hashesPublishedVectorsInOneCall(vector: Vector) {
        #expect(Hex.encode(SHA256.hash(vector.message)) == vector.digest)
    }

    @Test(arguments: vectors)
    func hashesPublishedVectorsByteByByte(vector: Vector) {
        var hasher = SHA256()
        for byte in vector.message { hasher.update([byte]) }
        #expect(Hex.encode(hasher.finalize()) == vector.digest)
    }

    @Test func hashesOneMillionAInOneCall() {
        // repeatElement has no contiguous storage, so this also covers the copying path.
        #expect(Hex.encode(SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000))) == Self.millionADigest)
    }

    @Test func hashesOneMillionAInUnevenChunks() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var remaining = 1_000_000
        while remaining > 0 {
            let count = min(chunk.count, remaining)
            hasher.update(chunk[..<count])
            remaining -= count
        }
        #expect(Hex.encode(hasher.finalize()) == Self.millionADigest)
    }

    @Test func digestIsThirtyTwoBytes() {
        #expect(SHA256.hash(ascii("anything")).count == SHA256.byteCount)
        #expect(SHA256.byteCount == 32)
    }

    @Test func copiedHasherContinuesIndependently() {
        var original = SHA256()
        original.update(ascii("ab"))
        var copy = original
        original.update(ascii("c"))
        copy.update(ascii("cdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
        #expect(Hex.encode(original.finalize()) == Self.vectors[0].digest)
        #expect(Hex.encode(copy.finalize()) == Self.vectors[2].digest)
    }

    @Test func finalizingACopyLeavesTheOriginalUsable() {
        var original = SHA256()
        original.update(ascii("a"))
        let copy = original
        #expect(copy.finalize() == SHA256.hash(ascii("a")))
        original.update(ascii("bc"))
        #expect(Hex.encode(original.finalize()) == Self.vectors[0].digest)
    }
}
