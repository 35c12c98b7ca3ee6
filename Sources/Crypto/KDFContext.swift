internal import COpenSSL

/// Owns one `EVP_KDF_CTX` (EVP_KDF(3)) and frees it in `deinit`; freeing also wipes the
/// copy of the password the provider holds.
///
/// Parameters are set one at a time, each inside the scope of the value it points to:
/// an OSSL_PARAM only borrows its data pointer, and the provider copies the value during
/// `EVP_KDF_CTX_set_params`, so nothing has to outlive the call.
final class KDFContext {
    private let context: OpaquePointer

    /// A context for the KDF OpenSSL calls `algorithm` (for example "SCRYPT").
    init(algorithm: String) throws(CryptoError) {
        let kdf = try OpenSSLCall.checkNotNull(EVP_KDF_fetch(nil, algorithm, nil), "EVP_KDF_fetch (\(algorithm))")
        // The context keeps its own reference to the algorithm, so ours goes straight away.
        defer { EVP_KDF_free(kdf) }
        context = try OpenSSLCall.checkNotNull(EVP_KDF_CTX_new(kdf), "EVP_KDF_CTX_new")
    }

    deinit {
        EVP_KDF_CTX_free(context)
    }

    /// Sets an octet-string parameter such as the password or salt.
    func set(_ key: StaticString, octets: some Collection<UInt8>) throws(CryptoError) {
        try octets.withNonNullBytes { (pointer, count) throws(CryptoError) in
            try set(key, OSSL_PARAM_construct_octet_string(Self.name(key), UnsafeMutableRawPointer(mutating: pointer), count))
        }
    }

    /// Sets a `uint64_t` parameter.
    func set(_ key: StaticString, uint64 value: UInt64) throws(CryptoError) {
        var value = value
        try withUnsafeMutablePointer(to: &value) { (pointer) throws(CryptoError) in
            try set(key, OSSL_PARAM_construct_uint64(Self.name(key), pointer))
        }
    }

    /// Sets a `uint32_t` parameter.
    func set(_ key: StaticString, uint32 value: UInt32) throws(CryptoError) {
        var value = value
        try withUnsafeMutablePointer(to: &value) { (pointer) throws(CryptoError) in
            try set(key, OSSL_PARAM_construct_uint32(Self.name(key), pointer))
        }
    }

    /// Runs the KDF and returns `length` bytes of output.
    func derive(length: Int) throws(CryptoError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        try output.withUnsafeMutableBufferPointer { (buffer) throws(CryptoError) in
            try OpenSSLCall.check(EVP_KDF_derive(context, buffer.baseAddress, length, nil), "EVP_KDF_derive")
        }
        return output
    }

    private func set(_ key: StaticString, _ parameter: OSSL_PARAM) throws(CryptoError) {
        var parameters = [parameter, OSSL_PARAM_construct_end()]
        try OpenSSLCall.check(EVP_KDF_CTX_set_params(context, &parameters), "EVP_KDF_CTX_set_params (\(key))")
    }

    /// The C string for a parameter name. OSSL_PARAM keeps the name pointer, and a
    /// StaticString literal is a NUL-terminated constant that lives as long as the process.
    private static func name(_ key: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(key.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
