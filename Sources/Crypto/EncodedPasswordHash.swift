/// The PHC-format string of a scrypt password hash: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`,
/// salt and hash in unpadded standard base64 (the PHC string format's "B64", also what
/// passlib's `scrypt` writes). Parsing is strict: one canonical spelling per hash, so a
/// string either means exactly one thing or is rejected with the reason.
struct EncodedPasswordHash {
    /// Salts and hashes shorter than this are too weak to honour; longer ones are absurd.
    static let acceptedSaltLengths = 16...64
    static let acceptedHashLengths = 16...64

    let parameters: PasswordHasher.Parameters
    let salt: [UInt8]
    let hash: [UInt8]

    init(parameters: PasswordHasher.Parameters, salt: [UInt8], hash: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// Reads an encoded hash; throws `CryptoError.malformedPasswordHash` naming the bad part.
    init(parsing encoded: String) throws(CryptoError) {
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty else {
            throw .malformedPasswordHash(reason: "expected $scrypt$<parameters>$<salt>$<hash>")
        }
        guard fields[1] == "scrypt" else {
            throw .malformedPasswordHash(reason: "algorithm '\(fields[1].prefix(20))' is not scrypt")
        }
        parameters = try Self.parseParameters(fields[2])
        salt = try Self.decode(fields[3], part: "salt", accepted: Self.acceptedSaltLengths)
        hash = try Self.decode(fields[4], part: "hash", accepted: Self.acceptedHashLengths)
    }

    /// The encoded string.
    var encoded: String {
        "$scrypt$\(parameters)$\(UnpaddedBase64.encode(salt, alphabet: .standard))$\(UnpaddedBase64.encode(hash, alphabet: .standard))"
    }

    /// `ln=<digits>,r=<digits>,p=<digits>`, in that order, each a plain decimal number.
    private static func parseParameters(_ field: Substring) throws(CryptoError) -> PasswordHasher.Parameters {
        let pairs = field.split(separator: ",", omittingEmptySubsequences: false)
        let names = ["ln", "r", "p"]
        guard pairs.count == names.count else {
            throw .malformedPasswordHash(reason: "parameters must read ln=<n>,r=<n>,p=<n>")
        }
        var values: [UInt32] = []
        for (pair, name) in zip(pairs, names) {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name, let value = decimal(parts[1]) else {
                throw .malformedPasswordHash(reason: "parameters must read ln=<n>,r=<n>,p=<n>, found '\(pair.prefix(20))'")
            }
            values.append(value)
        }
        return PasswordHasher.Parameters(logN: Int(values[0]), r: values[1], p: values[2])
    }

    /// A decimal number without sign, spaces or leading zeros, that fits in 32 bits.
    private static func decimal(_ text: Substring) -> UInt32? {
        guard !text.isEmpty, text.count <= 10, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              text == "0" || text.first != "0" else { return nil }
        return UInt32(text)
    }

    private static func decode(_ field: Substring, part: String,
                               accepted: ClosedRange<Int>) throws(CryptoError) -> [UInt8] {
        guard !field.contains("="), let bytes = UnpaddedBase64.decode(field, alphabet: .standard) else {
            throw .malformedPasswordHash(reason: "\(part) is not unpadded base64")
        }
        guard accepted.contains(bytes.count) else {
            throw .malformedPasswordHash(
                reason: "\(part) is \(bytes.count) bytes, expected \(accepted.lowerBound)...\(accepted.upperBound)")
        }
        return bytes
    }
}
