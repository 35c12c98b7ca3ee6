public import Foundation

/// A Swift value that can be sent to PostgreSQL as a statement parameter.
///
/// Parameters travel in PostgreSQL's text format (libpq docs, `PQexecParams`), each with the
/// type OID the server should read it as. A conforming type says which type that is and writes
/// its text form; `nil` from `postgresText()` sends SQL NULL.
public protocol PostgresEncodable {
    /// The type the server reads the parameter as; `.unspecified` lets the server infer it.
    static var postgresDataType: PostgresDataType { get }

    /// The value in PostgreSQL's text input format, or nil for NULL.
    /// Throws `PostgresError` of kind `.encoding` when the value cannot be represented.
    func postgresText() throws -> String?
}

extension String: PostgresEncodable {
    /// Unspecified rather than `text`, so a string can fill a parameter of any type the server
    /// can parse from text (`uuid`, `inet`, an enum); with `text` the server would refuse
    /// `uuid = text` comparisons.
    public static var postgresDataType: PostgresDataType { .unspecified }

    /// The string itself. PostgreSQL text cannot hold U+0000, so such a string is refused.
    public func postgresText() throws -> String? {
        if utf8.contains(0) {
            throw PostgresError(.encoding, "PostgreSQL text cannot contain the NUL character (U+0000); send bytes as [UInt8]")
        }
        return self
    }
}

extension Substring: PostgresEncodable {
    /// As for `String`.
    public static var postgresDataType: PostgresDataType { .unspecified }
    /// As for `String`.
    public func postgresText() throws -> String? { try String(self).postgresText() }
}

extension Int: PostgresEncodable {
    /// `int8`: Swift's `Int` is 64 bits on the platforms we run on.
    public static var postgresDataType: PostgresDataType { .int8 }
    /// Decimal digits.
    public func postgresText() -> String? { String(self) }
}

extension Int64: PostgresEncodable {
    /// `int8`
    public static var postgresDataType: PostgresDataType { .int8 }
    /// Decimal digits.
    public func postgresText() -> String? { String(self) }
}

extension Int32: PostgresEncodable {
    /// `int4`
    public static var postgresDataType: PostgresDataType { .int4 }
    /// Decimal digits.
    public func postgresText() -> String? { String(self) }
}

extension Int16: PostgresEncodable {
    /// `int2`
    public static var postgresDataType: PostgresDataType { .int2 }
    /// Decimal digits.
    public func postgresText() -> String? { String(self) }
}

extension Double: PostgresEncodable {
    /// `float8`
    public static var postgresDataType: PostgresDataType { .float8 }
    /// Swift's shortest round-tripping digits; the special values in the spelling `float8in`
    /// accepts (`NaN`, `Infinity`, `-Infinity`).
    public func postgresText() -> String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
}

extension Float: PostgresEncodable {
    /// `float4`
    public static var postgresDataType: PostgresDataType { .float4 }
    /// As for `Double`.
    public func postgresText() -> String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
}

extension Bool: PostgresEncodable {
    /// `bool`
    public static var postgresDataType: PostgresDataType { .bool }
    /// `true` or `false`.
    public func postgresText() -> String? { self ? "true" : "false" }
}

extension UUID: PostgresEncodable {
    /// `uuid`
    public static var postgresDataType: PostgresDataType { .uuid }
    /// The canonical hyphenated form.
    public func postgresText() -> String? { uuidString }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// The wrapped type's, so that a NULL still has a type the server can check.
    public static var postgresDataType: PostgresDataType { Wrapped.postgresDataType }
    /// NULL for `nil`, else the wrapped value's text.
    public func postgresText() throws -> String? {
        switch self {
        case .none: return nil
        case .some(let value): return try value.postgresText()
        }
    }
}
