import Foundation

/// Encodes `Encodable` values to JSON bytes with the API's conventions (`APIJSON`), writing
/// straight into a byte array — no tree of values, no dictionary per object, no `String` per
/// key — which is where Foundation's `JSONEncoder` spent half of a list request's CPU.
///
/// The output is what `APIJSON.makeEncoder()` produces, read as JSON (RFC 8259):
/// - member names converted to snake_case by `convertToSnakeCase`'s rules (`SnakeCaseName`);
///   `[String: V]` dictionaries keep their keys as written, as Foundation's do;
/// - members in the order `encode(to:)` writes them; an `Optional` written with
///   `encodeIfPresent` (what synthesized conformances use) is left out when nil, one written
///   with `encode` becomes `null`;
/// - `Date` as RFC 3339 in UTC (`RFC3339Timestamp`); `Decimal` as its exact digits (never
///   through `Double`); `URL` as its `absoluteString`; `Data` as Base64 (RFC 4648 §4), like
///   Foundation's default;
/// - `Double` and `Float` in their shortest round-trip form; NaN and infinities throw
///   `EncodingError.invalidValue`, as JSON has no spelling for them (RFC 8259 §6);
/// - strings escaped as RFC 8259 §7 requires and no more (`/` and non-ASCII as they are);
/// - a value whose `encode(to:)` writes nothing becomes `{}` inside a container and throws at
///   the top level, both as Foundation does.
///
/// One deliberate difference: a `UUID` is written in lower case (RFC 9562 §4: "output … in
/// lowercase"), where Foundation writes `uuidString`'s upper case. UUIDs are case-insensitive
/// on input, so clients that compare them as UUIDs see no change.
///
/// Limits of writing as it goes: containers are closed when the value that opened them is
/// finished, or when an enclosing container is written to again, so a container cannot be
/// written to after a sibling or its parent moved on (Foundation's tree allows it; no code
/// here does it). `superEncoder()` is not supported (this API has no class hierarchies to
/// encode). Both make `encode` throw `EncodingError.invalidValue` rather than emit broken JSON.
public struct StreamingJSONEncoder: Sendable {
    /// An encoder with the API's conventions; it has no options.
    public init() {}

    /// The JSON text of `value`, UTF-8.
    public func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let writer = JSONStreamWriter()
        try writer.encodeValue(value)
        if let failure = writer.failure { throw failure }
        if writer.output.bytes.isEmpty {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "Top-level \(Value.self) did not encode any values."))
        }
        return writer.output.bytes
    }
}

/// The `Encoder` handed to every `encode(to:)` of one encoding: the output, and a stack of the
/// objects and arrays written but not yet closed.
///
/// Swift's `Encoder` protocol never says when a container is finished. The writer decides it:
/// each place that hands a value to `encode(to:)` (the top level, a keyed or unkeyed
/// container's `encode`, a single-value container) notes the stack's height, calls
/// `encode(to:)`, and then closes every container opened above that height. A container
/// written to while deeper ones are open closes those first (they belonged to its earlier
/// members).
final class JSONStreamWriter: Encoder {
    /// An object or array whose opening bracket is written and closing one is not.
    struct Frame {
        /// Tells a container's frame from a later one at the same depth.
        let id: Int
        let isObject: Bool
        /// Members or elements written so far, for the `,` before the next one.
        var count = 0
        /// The latest member's key, for `codingPath`.
        var key: (any CodingKey)?
    }

    var output = JSONOutput(capacity: 4096)
    private(set) var frames: [Frame] = []
    /// The first misuse seen; `StreamingJSONEncoder.encode` throws it. Methods that cannot
    /// throw (`container(keyedBy:)`, `superEncoder()`) record it here instead.
    private(set) var failure: EncodingError?
    private var nextFrameID = 0
    /// The stack height and output length when the value now encoding began.
    private var valueDepth = 0
    private var valueStart = 0

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var codingPath: [any CodingKey] { path(depth: valueDepth) }

    init() {
        frames.reserveCapacity(16)
    }

    // MARK: Values

    /// Writes `value` at the current position: the types JSON spells specially first, then
    /// anything else through its own `encode(to:)`.
    func encodeValue<Value: Encodable>(_ value: Value) throws {
        // Comparing metatypes is a pointer comparison; the casts after a match cannot fail.
        if Value.self == String.self { return output.writeString(value as! String) }
        if Value.self == UUID.self { return output.writeUUID(value as! UUID) }
        if Value.self == Date.self { return output.writeDate(value as! Date) }
        if Value.self == Int.self { return output.writeInteger(value as! Int) }
        if Value.self == Bool.self { return output.writeBool(value as! Bool) }
        if Value.self == Double.self { return try writeFloatingPoint(value as! Double) }
        if Value.self == Decimal.self { return try writeDecimal(value as! Decimal) }
        if Value.self == URL.self { return output.writeString((value as! URL).absoluteString) }
        if Value.self == Data.self { return output.writeString((value as! Data).base64EncodedString()) }
        if Value.self is any StringKeyedJSONObject.Type {
            return try (value as! any StringKeyedJSONObject).writeMembers(to: self)
        }

        let outerDepth = valueDepth, outerStart = valueStart
        valueDepth = frames.count
        valueStart = output.bytes.count
        defer { valueDepth = outerDepth; valueStart = outerStart }
        try value.encode(to: self)
        close(downTo: valueDepth)
        if output.bytes.count == valueStart, valueStart > 0 {
            // Foundation writes an empty object for a nested value that encoded nothing (and
            // `StreamingJSONEncoder.encode` throws for a top-level one, at offset 0).
            output.append(UInt8(ascii: "{"))
            output.append(UInt8(ascii: "}"))
        }
    }

    func writeFloatingPoint<Number: BinaryFloatingPoint & LosslessStringConvertible>(_ value: Number) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath, debugDescription: "\(value) has no JSON representation (RFC 8259 §6)."))
        }
        output.writeFloatingPoint(value)
    }

    func writeDecimal(_ value: Decimal) throws {
        guard !value.isNaN else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath, debugDescription: "NaN has no JSON representation (RFC 8259 §6)."))
        }
        output.bytes.append(contentsOf: value.description.utf8)
    }

    // MARK: Containers

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamingKeyedContainer<Key>(writer: self, depth: valueDepth,
                                                            frameID: valueFrame(isObject: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamingUnkeyedContainer(writer: self, depth: valueDepth, frameID: valueFrame(isObject: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamingSingleValueContainer(writer: self, depth: valueDepth, start: valueStart)
    }

    /// The frame of the value now encoding: the one it opened before (a second
    /// `container(keyedBy:)` continues the same object), or a new one.
    private func valueFrame(isObject: Bool) -> Int {
        if frames.count > valueDepth {
            close(downTo: valueDepth + 1)
            if frames[valueDepth].isObject == isObject { return frames[valueDepth].id }
            fail("\(isObject ? "a keyed" : "an unkeyed") container was asked for after \(isObject ? "an unkeyed" : "a keyed") one")
        } else if output.bytes.count != valueStart {
            fail("a container was asked for after a single value was encoded")
        }
        return open(isObject: isObject)
    }

    /// Writes `{` or `[` and pushes its frame; returns the frame's id.
    func open(isObject: Bool) -> Int {
        output.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        nextFrameID += 1
        frames.append(Frame(id: nextFrameID, isObject: isObject))
        return nextFrameID
    }

    /// Closes frames until `depth` remain.
    func close(downTo depth: Int) {
        while frames.count > depth {
            output.append(frames.removeLast().isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Gets the frame at `depth` ready for its next member or element: closes what its earlier
    /// ones left open and writes the `,`. False (and a recorded failure) when the frame is no
    /// longer open.
    func prepareEntry(depth: Int, frameID: Int, key: (any CodingKey)?) -> Bool {
        guard depth < frames.count, frames[depth].id == frameID else {
            fail("a container was written to after it was closed (a streaming encoder writes in order)")
            return false
        }
        close(downTo: depth + 1)
        if frames[depth].count > 0 { output.append(UInt8(ascii: ",")) }
        frames[depth].count += 1
        frames[depth].key = key
        return true
    }

    /// The key path to a value inside the frame at `depth - 1`.
    func path(depth: Int) -> [any CodingKey] {
        frames.prefix(depth).compactMap { frame in
            frame.isObject ? frame.key : JSONIndexKey(index: frame.count - 1)
        }
    }

    func fail(_ description: String) {
        guard failure == nil else { return }
        failure = EncodingError.invalidValue(description, EncodingError.Context(
            codingPath: codingPath, debugDescription: "StreamingJSONEncoder: \(description)."))
    }
}

/// `[String: V]`, whose keys Foundation writes as they are, without the snake_case conversion.
protocol StringKeyedJSONObject {
    func writeMembers(to writer: JSONStreamWriter) throws
}

extension Dictionary: StringKeyedJSONObject where Key == String, Value: Encodable {
    func writeMembers(to writer: JSONStreamWriter) throws {
        let depth = writer.frames.count
        let frameID = writer.open(isObject: true)
        for (key, value) in self {
            guard writer.prepareEntry(depth: depth, frameID: frameID, key: JSONIndexKey(stringValue: key)) else { return }
            writer.output.writeString(key)
            writer.output.append(UInt8(ascii: ":"))
            try writer.encodeValue(value)
        }
        writer.close(downTo: depth)
    }
}

/// An array index or a dictionary key as a `CodingKey`, for coding paths.
struct JSONIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        self.init(index: intValue)
    }
}
