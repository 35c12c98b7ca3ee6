/// Decoding for PATCH bodies (RFC 7396 semantics for a single member): a member that is absent
/// leaves the field alone, `null` clears it, a value sets it — three cases a plain `Optional`
/// cannot tell apart.
extension KeyedDecodingContainer {
    /// `nil` when absent, `.some(nil)` when null, `.some(value)` otherwise.
    func decodePatch<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value?? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(Value.self, forKey: key))
    }
}
