internal import COpenSSL

/// A 256-bit key for `AES256GCM`.
///
/// The bytes live in memory this value owns and are wiped (OPENSSL_cleanse(3)) when the
/// last copy goes away; `description` never shows them, so a key that slips into a log
/// line or an error message gives nothing away. Keys to be stored (for example in the
/// environment as base64url) leave only through `withUnsafeBytes`.
///
/// A key carries no identifier: when keys rotate, store the key id next to each ciphertext
/// and pass it as associated data to `AES256GCM.seal`, so a ciphertext cannot be replayed
/// under a different id.
public struct SymmetricKey: Sendable, Equatable, CustomStringConvertible {
    /// The length of an AES-256 key in bytes.
    public static let byteCount = 32

    private let storage: SecretBytes

    /// A key with exactly these 32 bytes.
    /// - Throws: `CryptoError.invalidKeyLength` for any other length.
    public init(bytes: some Collection<UInt8>) throws(CryptoError) {
        guard bytes.count == Self.byteCount else {
            throw .invalidKeyLength(actual: bytes.count, expected: Self.byteCount)
        }
        storage = SecretBytes(count: Self.byteCount) { buffer in buffer.copyBytes(from: bytes) }
    }

    private init(storage: SecretBytes) {
        self.storage = storage
    }

    /// A fresh key from `SecureRandom`.
    public static func random() -> SymmetricKey {
        SymmetricKey(storage: SecretBytes(count: byteCount) { buffer in SecureRandom.fill(buffer) })
    }

    /// Calls `body` with the 32 key bytes. Do not let the pointer escape.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(storage.buffer))
    }

    /// A description that names the key size but never its bytes.
    public var description: String { "SymmetricKey(256 bits, redacted)" }

    /// Whether both keys hold the same bytes, compared in constant time.
    public static func == (lhs: SymmetricKey, rhs: SymmetricKey) -> Bool {
        ConstantTime.equals(UnsafeRawBufferPointer(lhs.storage.buffer), UnsafeRawBufferPointer(rhs.storage.buffer))
    }
}

/// Heap memory for secret bytes that is wiped before it is freed.
///
/// Written once in `init` and only read afterwards, hence `@unchecked Sendable`.
private final class SecretBytes: @unchecked Sendable {
    let buffer: UnsafeMutableRawBufferPointer

    init(count: Int, fill: (UnsafeMutableRawBufferPointer) -> Void) {
        buffer = .allocate(byteCount: count, alignment: 16)
        fill(buffer)
    }

    deinit {
        // OPENSSL_cleanse, unlike a plain loop, is not removed by the optimiser as a dead store.
        OPENSSL_cleanse(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }
}
