internal import Crypto

/// Secret bytes (a connector's password, an OAuth client secret) that do not show themselves:
/// `description`, `debugDescription` and the mirror `dump` walks all say `<redacted>`, so a
/// secret interpolated into a log line, an error or a page prints nothing of itself. It is
/// deliberately not `Codable`, so it cannot slip into an API response or an audit entry.
///
/// The bytes come out only through `revealBytes()` / `revealUTF8()`, names that stand out in
/// review where a secret is handed to the one place that needs it (an HTTP client's
/// Authorization header).
public struct SecretValue: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    private let bytes: [UInt8]

    /// A secret holding `bytes`.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A secret holding `text` as UTF-8.
    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The secret's bytes, for the code that must use them.
    public func revealBytes() -> [UInt8] { bytes }

    /// The secret as UTF-8 text; nil when its bytes are not UTF-8.
    public func revealUTF8() -> String? { String(validating: bytes, as: UTF8.self) }

    /// The number of bytes, which is not secret (ciphertexts show it anyway).
    public var byteCount: Int { bytes.count }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// No children, so `dump(_:)` and reflection-based printers show nothing either.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Compared in constant time: equality of secrets must not leak through timing.
    public static func == (lhs: SecretValue, rhs: SecretValue) -> Bool {
        ConstantTime.equals(lhs.bytes, rhs.bytes)
    }
}
