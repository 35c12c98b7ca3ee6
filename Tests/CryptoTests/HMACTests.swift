import Crypto
import Testing

/// RFC 4231 §4 HMAC-SHA256 test cases 1–7. Values cross-checked with Python's hmac module
/// and the `cryptography` package.
struct HMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let testCase: Int
        let key: [UInt8]
        let data: [UInt8]
        /// Test case 5 publishes only the first 128 bits of the MAC.
        let mac: String
        var testDescription: String { "RFC 4231 test case \(testCase)" }
    }

    static let vectors = [
        Vector(testCase: 1, key: [UInt8](repeating: 0x0b, count: 20), data: ascii("Hi There"),
               mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(testCase: 2, key: ascii("Jefe"), data: ascii("what do ya want for nothing?"),
               mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(testCase: 3, key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
               mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(testCase: 4, key: hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
               data: [UInt8](repeating: 0xcd, count: 50),
               mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(testCase: 5, key: [UInt8](repeating: 0x0c, count: 20), data: ascii("Test With Truncation"),
               mac: "a3b6167473100ee06e0c796c2955552b"),
        Vector(testCase: 6, key: [UInt8](repeating: 0xaa, count: 131),
               data: ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
               mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(testCase: 7, key: [UInt8](repeating: 0xaa, count: 131),
               data: ascii("This is a test using a larger than block-size key and a larger than block-size data. "
                   + "The key needs to be hashed before being used by the HMAC algorithm."),
               mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func matchesRFC4231(vector: Vector) {
        let mac = HMAC.sha256(key: vector.key, message: vector.data)
        #expect(mac.count == 32)
        let expected = hex(vector.mac)
        #expect(Array(mac.prefix(expected.count)) == expected)
    }

    @Test func acceptsEmptyKeyAndMessage() {
        // Python: hmac.new(b"", b"", hashlib.sha256).hexdigest()
        #expect(Hex.encode(HMAC.sha256(key: [UInt8](), message: [UInt8]()))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func differentKeysGiveDifferentMACs() {
        let message = ascii("order.created")
        #expect(HMAC.sha256(key: ascii("secret-a"), message: message) != HMAC.sha256(key: ascii("secret-b"), message: message))
    }

    @Test func acceptsStringUTF8ViewsDirectly() {
        #expect(HMAC.sha256(key: "Jefe".utf8, message: "what do ya want for nothing?".utf8) == hex(Self.vectors[1].mac))
    }
}
