import Crypto
public import HTTP

/// The `Idempotency-Key` request header (IETF draft-ietf-httpapi-idempotency-key-header):
/// a client-chosen key that makes a retried POST answer with the first attempt's response
/// instead of acting twice.
///
/// The draft (§2.1) defines the field as a Structured Field String (RFC 8941 §3.3.3), i.e.
/// quoted: `Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"`. Most clients in the wild
/// (Stripe's convention) send the bare value, so both forms are accepted and mean the same key.
/// The key itself is 1-255 printable ASCII characters (0x20-0x7E).
public struct IdempotencyKey: Sendable, Hashable, CustomStringConvertible {
    /// The header field name.
    public static let headerName = "Idempotency-Key"
    /// The lengths a key may have.
    public static let lengthRange = 1...255

    /// The key, unquoted.
    public let value: String

    /// `value` as a key; a 400 problem naming the header when it is empty, too long or not
    /// printable ASCII.
    public init(_ value: String) throws(ProblemError) {
        guard IdempotencyKey.lengthRange.contains(value.utf8.count),
              value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidParameters([FieldError(field: IdempotencyKey.headerName,
                                                 message: "must be 1-255 printable ASCII characters")])
        }
        self.value = value
    }

    /// The key `request` carries, nil when it carries none; a 400 problem naming the header
    /// when the field is malformed or repeated (a client that sends two keys has a bug).
    public init?(_ request: Request) throws(ProblemError) {
        let values = request.headers.values(for: IdempotencyKey.headerName)
        guard let raw = values.first else { return nil }
        guard values.count == 1 else {
            throw .invalidParameters([FieldError(field: IdempotencyKey.headerName, message: "must be sent once")])
        }
        try self.init(fieldValue: raw)
    }

    /// The key in a header field value, quoted or bare.
    public init(fieldValue: String) throws(ProblemError) {
        let trimmed = fieldValue.trimmingWhitespace
        guard trimmed.hasPrefix("\"") else { try self.init(trimmed); return }
        guard let unquoted = IdempotencyKey.unquote(trimmed) else {
            throw .invalidParameters([FieldError(field: IdempotencyKey.headerName,
                                                 message: "is not a valid quoted string")])
        }
        try self.init(unquoted)
    }

    /// The content of an RFC 8941 §4.2.5 sf-string: `"` … `"` where only `\"` and `\\` are
    /// escapes; nil when malformed or followed by anything (parameters are not defined for
    /// this field).
    static func unquote(_ text: String) -> String? {
        var result = ""
        var iterator = text.dropFirst().makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\\":
                guard let escaped = iterator.next(), escaped == "\"" || escaped == "\\" else { return nil }
                result.append(escaped)
            case "\"":
                return iterator.next() == nil ? result : nil
            default:
                result.append(character)
            }
        }
        return nil
    }

    public var description: String { value }
}

/// What makes two requests "the same request" for idempotency: SHA-256 over the method, the
/// target (path and query) and the body. The draft (§2.2) leaves the fingerprint to the server;
/// the target is included so the same key sent to a different resource is a mismatch, not a
/// replay of an unrelated response.
public struct RequestFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The 32-byte digest.
    public let digest: [UInt8]

    /// The fingerprint of `request`.
    public init(_ request: Request) {
        self.init(method: request.method.description, target: request.target, body: request.body)
    }

    /// The fingerprint of its parts. A NUL separates them: neither a method nor a request
    /// target may contain one, so no two different triples hash the same input.
    public init(method: String, target: String, body: [UInt8]) {
        var hasher = SHA256()
        hasher.update(Array(method.utf8))
        hasher.update([0])
        hasher.update(Array(target.utf8))
        hasher.update([0])
        hasher.update(body)
        digest = hasher.finalize()
    }

    /// A fingerprint read back from storage.
    public init(digest: [UInt8]) {
        precondition(digest.count == SHA256.byteCount, "a request fingerprint is a SHA-256 digest")
        self.digest = digest
    }

    /// Lowercase hex, for storage in a text column and for logs.
    public var hex: String { Hex.encode(digest) }

    public var description: String { hex }
}
