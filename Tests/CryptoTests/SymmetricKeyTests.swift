import Crypto
import Testing

struct SymmetricKeyTests {
    @Test(arguments: [0, 16, 31, 33, 64])
    func rejectsKeysThatAreNot32Bytes(length: Int) {
        #expect(throws: CryptoError.invalidKeyLength(actual: length, expected: 32)) {
            try SymmetricKey(bytes: [UInt8](repeating: 7, count: length))
        }
    }

    @Test func keepsTheGivenBytes() throws {
        let bytes = (0..<32).map { UInt8($0) }
        let key = try SymmetricKey(bytes: bytes)
        #expect(key.withUnsafeBytes { Array($0) } == bytes)
    }

    @Test func randomKeysDiffer() {
        let first = SymmetricKey.random()
        let second = SymmetricKey.random()
        #expect(first != second)
        #expect(first.withUnsafeBytes { $0.count } == 32)
    }

    @Test func equalityComparesBytes() throws {
        let bytes = [UInt8](repeating: 0x42, count: 32)
        #expect(try SymmetricKey(bytes: bytes) == SymmetricKey(bytes: bytes))
    }

    @Test func descriptionNeverShowsTheKey() throws {
        let key = try SymmetricKey(bytes: [UInt8](repeating: 0xab, count: 32))
        #expect(!String(describing: key).lowercased().contains("abab"))
        #expect(!"\(key)".contains("171"))
        #expect(String(describing: key).contains("redacted"))
    }
}
