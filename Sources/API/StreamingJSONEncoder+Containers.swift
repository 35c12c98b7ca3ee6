import Foundation

// The three container kinds of `JSONStreamWriter`. Each knows the depth of its frame and the
// frame's id, so that writing to it first closes what its previous entry left open, and writing
// to one already closed is caught (`JSONStreamWriter.prepareEntry`) instead of corrupting the
// output.

/// A JSON object: `"key":value` members, keys converted to snake_case.
struct StreamingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONStreamWriter
    let depth: Int
    let frameID: Int

    var codingPath: [any CodingKey] { writer.path(depth: depth) }

    /// Writes the `,` and the member name; false when the container is closed.
    private func member(_ key: Key) -> Bool {
        guard writer.prepareEntry(depth: depth, frameID: frameID, key: key) else { return false }
        writer.output.writeMemberName(key.stringValue)
        return true
    }

    mutating func encodeNil(forKey key: Key) throws {
        if member(key) { writer.output.writeNull() }
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        if member(key) { writer.output.writeBool(value) }
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        if member(key) { writer.output.writeString(value) }
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        if member(key) { try writer.writeFloatingPoint(value) }
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        if member(key) { try writer.writeFloatingPoint(value) }
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        if member(key) { writer.output.writeInteger(value) }
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int32, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int64, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { if member(key) { writer.output.writeInteger(value) } }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if member(key) { try writer.encodeValue(value) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                       forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        _ = member(key)
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(
            writer: writer, depth: writer.frames.count, frameID: writer.open(isObject: true)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        _ = member(key)
        return StreamingUnkeyedContainer(writer: writer, depth: writer.frames.count, frameID: writer.open(isObject: false))
    }

    mutating func superEncoder() -> any Encoder {
        writer.fail("superEncoder() is not supported")
        return writer
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.fail("superEncoder(forKey:) is not supported")
        return writer
    }
}

/// A JSON array.
struct StreamingUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONStreamWriter
    let depth: Int
    let frameID: Int

    var codingPath: [any CodingKey] { writer.path(depth: depth) }

    var count: Int {
        depth < writer.frames.count && writer.frames[depth].id == frameID ? writer.frames[depth].count : 0
    }

    private func element() -> Bool {
        writer.prepareEntry(depth: depth, frameID: frameID, key: nil)
    }

    mutating func encodeNil() throws { if element() { writer.output.writeNull() } }
    mutating func encode(_ value: Bool) throws { if element() { writer.output.writeBool(value) } }
    mutating func encode(_ value: String) throws { if element() { writer.output.writeString(value) } }
    mutating func encode(_ value: Double) throws { if element() { try writer.writeFloatingPoint(value) } }
    mutating func encode(_ value: Float) throws { if element() { try writer.writeFloatingPoint(value) } }
    mutating func encode(_ value: Int) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int8) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int16) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int32) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int64) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt8) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt16) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt32) throws { if element() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt64) throws { if element() { writer.output.writeInteger(value) } }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if element() { try writer.encodeValue(value) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        _ = element()
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(
            writer: writer, depth: writer.frames.count, frameID: writer.open(isObject: true)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        _ = element()
        return StreamingUnkeyedContainer(writer: writer, depth: writer.frames.count, frameID: writer.open(isObject: false))
    }

    mutating func superEncoder() -> any Encoder {
        writer.fail("superEncoder() is not supported")
        return writer
    }
}

/// One value at the position of the value now encoding; a second one is a misuse.
struct StreamingSingleValueContainer: SingleValueEncodingContainer {
    let writer: JSONStreamWriter
    let depth: Int
    let start: Int

    var codingPath: [any CodingKey] { writer.path(depth: depth) }

    /// False (and a recorded failure) when something was written here already.
    private func vacant() -> Bool {
        guard writer.frames.count == depth, writer.output.bytes.count == start else {
            writer.fail("a single value container was written to twice")
            return false
        }
        return true
    }

    mutating func encodeNil() throws { if vacant() { writer.output.writeNull() } }
    mutating func encode(_ value: Bool) throws { if vacant() { writer.output.writeBool(value) } }
    mutating func encode(_ value: String) throws { if vacant() { writer.output.writeString(value) } }
    mutating func encode(_ value: Double) throws { if vacant() { try writer.writeFloatingPoint(value) } }
    mutating func encode(_ value: Float) throws { if vacant() { try writer.writeFloatingPoint(value) } }
    mutating func encode(_ value: Int) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int8) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int16) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int32) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: Int64) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt8) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt16) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt32) throws { if vacant() { writer.output.writeInteger(value) } }
    mutating func encode(_ value: UInt64) throws { if vacant() { writer.output.writeInteger(value) } }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if vacant() { try writer.encodeValue(value) }
    }
}
