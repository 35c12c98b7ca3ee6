@testable import Postgres
import Testing

/// The migration checksum is real SHA-256: FIPS 180-4 vectors and PostgreSQL's own sha256().
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func matchesTheFIPSExamples(message: String, digest: String) {
        #expect(SHA256.hexDigest(Array(message.utf8)) == digest)
    }

    @Test func matchesTheMillionAVector() {
        #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func agreesWithPostgreSQLAcrossPaddingBoundaries() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            for length in [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
                let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
                let expected = try connection.query("SELECT encode(sha256(\(bytes)), 'hex')").single().decode(String.self, at: 0)
                #expect(SHA256.hexDigest(bytes) == expected, "\(length) bytes")
            }
        }
    }
}
