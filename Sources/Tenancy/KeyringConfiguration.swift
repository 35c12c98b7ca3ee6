internal import Foundation
public import Crypto

/// The master keys as the environment gives them (App reads the process environment and passes
/// it in; App maps `KeyringConfigurationError` to its own start-up error):
///
/// - `COUNTERPART_MASTER_KEY`: the current key, base64 (RFC 4648 §4) or base64url (§5), padded
///   or not, of exactly 32 bytes; or
/// - `COUNTERPART_MASTER_KEY_FILE`: a file holding that text (a Kubernetes or systemd
///   credential), surrounding white space ignored. Exactly one of the two must be set.
/// - `COUNTERPART_PREVIOUS_MASTER_KEYS`: optional, comma-separated earlier keys in the same
///   form, still accepted for opening while `counterpart keys rotate` runs.
///
/// Rotation, step by step: generate a key; deploy it as the master key with the old one in the
/// previous keys (every node then seals with the new key and opens with both); run
/// `counterpart keys rotate`; drop the old key from the configuration.
public struct KeyringConfiguration: Sendable {
    /// The current key's variable.
    public static let masterKeyVariable = "COUNTERPART_MASTER_KEY"
    /// The variable naming a file with the current key.
    public static let masterKeyFileVariable = "COUNTERPART_MASTER_KEY_FILE"
    /// The earlier keys' variable.
    public static let previousKeysVariable = "COUNTERPART_PREVIOUS_MASTER_KEYS"

    static let keyForm = "base64 or base64url of exactly 32 bytes (generate one with `openssl rand -base64 32`)"

    /// The keyring the variables describe.
    public var keyring: Keyring

    /// Reads the keys from `environment`.
    /// - Throws: `KeyringConfigurationError` naming the variable at fault; never its value.
    public init(environment: [String: String]) throws(KeyringConfigurationError) {
        let inline = Self.nonEmpty(environment[Self.masterKeyVariable])
        let file = Self.nonEmpty(environment[Self.masterKeyFileVariable])
        let current: SymmetricKey
        switch (inline, file) {
        case (let text?, nil):
            current = try Self.key(text, variable: Self.masterKeyVariable, expected: Self.keyForm)
        case (nil, let path?):
            current = try Self.key(Self.read(path), variable: Self.masterKeyFileVariable,
                                   expected: "a file holding \(Self.keyForm)")
        case (.some, .some):
            throw KeyringConfigurationError(
                variable: Self.masterKeyFileVariable,
                expected: "to be unset when \(Self.masterKeyVariable) is set (set exactly one of them)")
        case (nil, nil):
            throw KeyringConfigurationError(
                variable: Self.masterKeyVariable,
                expected: "\(Self.keyForm), or \(Self.masterKeyFileVariable) naming a file that holds it")
        }
        var previous: [SymmetricKey] = []
        if let list = Self.nonEmpty(environment[Self.previousKeysVariable]) {
            let entries = list.split(separator: ",", omittingEmptySubsequences: false)
            for (index, entry) in entries.enumerated() {
                previous.append(try Self.key(String(entry), variable: Self.previousKeysVariable,
                                             expected: "comma-separated keys, each \(Self.keyForm) "
                                                 + "(entry \(index + 1) of \(entries.count) is not)"))
            }
        }
        keyring = Keyring(current: current, previous: previous)
    }

    /// The key encoded in `text` (base64 or base64url, padding optional), or nil.
    public static func decodeKey(_ text: some StringProtocol) -> SymmetricKey? {
        let trimmed = String(text).trimmingWhitespace
        // One decoder for both alphabets: the standard one's `+` and `/` are base64url's `-`
        // and `_` (RFC 4648 §5, table 2).
        let urlForm = String(trimmed.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        guard let bytes = Base64URL.decode(urlForm) else { return nil }
        return try? SymmetricKey(bytes: bytes)
    }

    /// A new random key in the form this configuration reads (base64url), for an operator
    /// setting up or rotating keys.
    public static func generateKeyText() -> String {
        Base64URL.encode(SecureRandom.bytes(SymmetricKey.byteCount))
    }

    private static func key(_ text: String, variable: String, expected: String) throws(KeyringConfigurationError) -> SymmetricKey {
        guard let key = decodeKey(text) else { throw KeyringConfigurationError(variable: variable, expected: expected) }
        return key
    }

    private static func read(_ path: String) throws(KeyringConfigurationError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeyringConfigurationError(variable: masterKeyFileVariable,
                                            expected: "the path of a readable file holding \(keyForm)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingWhitespace.isEmpty else { return nil }
        return value
    }
}
