internal import COpenSSL

/// HMAC (RFC 2104) message authentication codes.
///
/// Used to sign and verify webhooks (WooCommerce signs its deliveries with HMAC-SHA256).
/// Compare a received MAC with `ConstantTime.equals`, never with `==`.
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key` (32 bytes). Keys of any length are allowed:
    /// RFC 2104 §3 hashes keys longer than the 64-byte block and zero-pads shorter ones.
    ///
    /// Traps with `CryptoError.library` only if OpenSSL cannot compute HMAC at all.
    public static func sha256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        key.withNonNullBytes { keyPointer, keyCount in
            message.withNonNullBytes { messagePointer, messageCount in
                [UInt8](unsafeUninitializedCapacity: SHA256.byteCount) { buffer, initialized in
                    // HMAC(3) takes the key length as an int; a key past 2 GiB is a bug.
                    precondition(keyCount <= Int(Int32.max), "HMAC key longer than 2 GiB")
                    // A NULL key means "no key" to OpenSSL, hence the non-null empty pointer.
                    var length: UInt32 = 0
                    let result = COpenSSL.HMAC(EVP_sha256(), keyPointer, Int32(keyCount), messagePointer, messageCount,
                                               buffer.baseAddress, &length)
                    _ = OpenSSLCall.requireNotNull(result, "HMAC")
                    initialized = Int(length)
                }
            }
        }
    }
}
