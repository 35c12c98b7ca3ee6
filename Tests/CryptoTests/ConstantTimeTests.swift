import Crypto
import Testing

struct ConstantTimeTests {
    @Test func equalBytesAreEqual() {
        #expect(ConstantTime.equals(hex("00112233445566778899"), hex("00112233445566778899")))
    }

    @Test func differenceInTheFirstByteIsNotEqual() {
        #expect(!ConstantTime.equals(hex("01112233"), hex("00112233")))
    }

    @Test func differenceInTheLastByteIsNotEqual() {
        #expect(!ConstantTime.equals(hex("00112233"), hex("00112232")))
    }

    @Test func differentLengthsAreNotEqualEvenWithACommonPrefix() {
        #expect(!ConstantTime.equals(hex("001122"), hex("00112233")))
        #expect(!ConstantTime.equals(hex("00112233"), hex("001122")))
    }

    @Test func emptyEqualsEmptyOnly() {
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(!ConstantTime.equals([UInt8](), hex("00")))
    }

    @Test func comparesAcrossCollectionTypes() {
        let signature = HMAC.sha256(key: ascii("k"), message: ascii("m"))
        #expect(ConstantTime.equals(signature, signature[...]))
        #expect(ConstantTime.equals("abc".utf8, ascii("abc")))
    }
}
