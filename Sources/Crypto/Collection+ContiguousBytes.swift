extension Collection<UInt8> {
    /// Calls `body` with a pointer to this collection's bytes and their count.
    ///
    /// The pointer is never nil, even for an empty collection: several OpenSSL functions
    /// treat a NULL input as "no argument given" (HMAC's key, an OSSL_PARAM octet string)
    /// rather than as empty, so an empty input must still point somewhere valid.
    /// Arrays and other contiguous collections are not copied.
    func withNonNullBytes<Result, Failure: Error>(
        _ body: (UnsafePointer<UInt8>, Int) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        func call(_ buffer: UnsafeBufferPointer<UInt8>) throws(Failure) -> Result {
            if let base = buffer.baseAddress, buffer.count > 0 {
                return try body(base, buffer.count)
            }
            var placeholder: UInt8 = 0
            return try withUnsafePointer(to: &placeholder) { (pointer) throws(Failure) -> Result in
                try body(pointer, 0)
            }
        }
        let result: Swift.Result<Result, Failure>? = withContiguousStorageIfAvailable { buffer in
            do throws(Failure) { return .success(try call(buffer)) } catch { return .failure(error) }
        }
        if let result { return try result.get() }
        return try Array(self).withUnsafeBufferPointer { (buffer) throws(Failure) -> Result in try call(buffer) }
    }
}
