import Crypto
import Testing

struct SecureRandomTests {
    @Test(arguments: [0, 1, 12, 32, 4096])
    func returnsTheRequestedNumberOfBytes(count: Int) {
        #expect(SecureRandom.bytes(count).count == count)
    }

    @Test func successiveCallsDiffer() {
        // Two equal 256-bit draws would mean a broken generator (odds 2^-256 otherwise).
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func defaultTokenIs32BytesAsUnpaddedBase64URL() throws {
        let token = SecureRandom.token()
        #expect(token.count == 43)
        let decoded = try #require(Base64URL.decode(token))
        #expect(decoded.count == 32)
    }

    @Test(arguments: [1, 2, 3, 16, 33])
    func tokenLengthFollowsByteCount(byteCount: Int) throws {
        let token = SecureRandom.token(byteCount: byteCount)
        #expect(token.count == (byteCount * 4 + 2) / 3)
        #expect(try #require(Base64URL.decode(token)).count == byteCount)
    }

    @Test func tokensUseOnlyTheURLSafeAlphabet() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let tokens = (0..<200).map { _ in SecureRandom.token() }
        #expect(tokens.allSatisfy { $0.allSatisfy(allowed.contains) })
    }

    @Test func tokensAreDistinct() {
        let tokens = (0..<1000).map { _ in SecureRandom.token() }
        #expect(Set(tokens).count == tokens.count)
    }
}
