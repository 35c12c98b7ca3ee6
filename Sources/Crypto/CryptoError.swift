/// Why a cryptographic operation failed.
///
/// Every case says what was wrong in words an operator can act on; `library` carries the
/// text OpenSSL put on its error queue, so a broken provider or an exhausted allocator is
/// told apart from bad input. None of the cases ever carries key material or plaintext.
public enum CryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An OpenSSL call failed. `function` names the C function, `reason` is OpenSSL's error
    /// queue rendered by `ERR_error_string_n` (several entries joined by "; ").
    case library(function: String, reason: String)

    /// AES-256-GCM rejected a sealed box: the key is wrong, or the nonce, ciphertext, tag or
    /// associated data were altered. Deliberately says no more (NIST SP 800-38D §7.2 returns
    /// only FAIL, so an attacker learns nothing about which part did not match).
    case authenticationFailed

    /// A symmetric key of the wrong length was supplied.
    case invalidKeyLength(actual: Int, expected: Int)

    /// An AES-GCM nonce of the wrong length was supplied.
    case invalidNonceLength(actual: Int, expected: Int)

    /// An AES-GCM authentication tag of the wrong length was supplied.
    case invalidTagLength(actual: Int, expected: Int)

    /// A combined `nonce || ciphertext || tag` value is too short to hold a nonce and a tag.
    case truncatedSealedBox(byteCount: Int, minimum: Int)

    /// An encoded password hash could not be read; `reason` says which part is wrong.
    case malformedPasswordHash(reason: String)

    /// Scrypt parameters are outside what RFC 7914 allows or above the limits this process
    /// accepts (a stored hash with huge parameters would otherwise be a denial of service).
    case rejectedScryptParameters(reason: String)

    /// A human-readable account of the failure, safe to log.
    public var description: String {
        switch self {
        case let .library(function, reason):
            "OpenSSL \(function) failed: \(reason)"
        case .authenticationFailed:
            "AES-256-GCM authentication failed: wrong key, or the nonce, ciphertext, tag or associated data were altered"
        case let .invalidKeyLength(actual, expected):
            "symmetric key is \(actual) bytes, expected \(expected)"
        case let .invalidNonceLength(actual, expected):
            "AES-GCM nonce is \(actual) bytes, expected \(expected)"
        case let .invalidTagLength(actual, expected):
            "AES-GCM tag is \(actual) bytes, expected \(expected)"
        case let .truncatedSealedBox(byteCount, minimum):
            "sealed box is \(byteCount) bytes, shorter than nonce plus tag (\(minimum))"
        case let .malformedPasswordHash(reason):
            "malformed password hash: \(reason)"
        case let .rejectedScryptParameters(reason):
            "scrypt parameters rejected: \(reason)"
        }
    }
}
