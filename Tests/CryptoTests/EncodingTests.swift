import Crypto
import Testing

struct HexTests {
    @Test func encodesLowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0f, 0xde, 0xad, 0xbe, 0xef]) == "000fdeadbeef")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func decodesEitherCase() {
        #expect(Hex.decode("DEADbeef") == [0xde, 0xad, 0xbe, 0xef])
        #expect(Hex.decode("") == [])
    }

    @Test(arguments: ["abc", "0x00", "zz", "de ad", "é0"])
    func rejectsTextThatIsNotHex(text: String) {
        #expect(Hex.decode(text) == nil)
    }

    @Test func roundTripsEveryByteValue() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
    }
}

/// RFC 4648 §10 test vectors, in the URL-safe alphabet without padding.
struct Base64URLTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"),
        ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func matchesRFC4648Vectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(ascii(plain)) == encoded)
        #expect(Base64URL.decode(encoded) == ascii(plain))
    }

    @Test func usesDashAndUnderscoreForTheLastTwoDigits() {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test func acceptsCorrectPadding() {
        #expect(Base64URL.decode("Zg==") == ascii("f"))
        #expect(Base64URL.decode("Zm8=") == ascii("fo"))
    }

    @Test(arguments: ["+/+/", "Zg=", "Zg===", "Z", "Zm9v\n", "Zm 9v", "Zm9v!", "=Zg="])
    func rejectsTextThatIsNotBase64URL(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func roundTripsRandomBytes() {
        for count in 0..<40 {
            let bytes = SecureRandom.bytes(count)
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }
}
