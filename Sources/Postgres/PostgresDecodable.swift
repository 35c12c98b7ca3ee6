public import Foundation

/// A Swift type that can be read from a column in PostgreSQL's text output format.
///
/// Conformers check the column's type, so a mistake such as reading a `numeric` as `Int` fails
/// with an error naming the column and both types instead of guessing.
public protocol PostgresDecodable {
    /// Decodes the cell, throwing `PostgresError` of kind `.decoding` when it cannot.
    init(postgresCell cell: PostgresCell) throws
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// nil for NULL, else the wrapped type's decoding.
    public init(postgresCell cell: PostgresCell) throws {
        self = cell.isNull ? .none : .some(try Wrapped(postgresCell: cell))
    }
}

extension String: PostgresDecodable {
    /// Any type's text form except `bytea`, whose hex text is not what anyone means by a string.
    public init(postgresCell cell: PostgresCell) throws {
        if cell.dataType == .bytea {
            throw cell.failure(decoding: String.self, "bytea is binary; decode it as [UInt8] or Data")
        }
        self = try cell.requireText(for: String.self)
    }
}

extension FixedWidthInteger where Self: PostgresDecodable {
    /// Shared by the integer conformances: integer columns only, in range for `Self`.
    fileprivate init(integerCell cell: PostgresCell) throws {
        guard cell.dataType.isInteger else {
            throw cell.failure(decoding: Self.self, "PostgreSQL type \(cell.dataType) is not an integer type (int2, int4, int8, oid)")
        }
        let text = try cell.requireText(for: Self.self)
        guard let value = Self(text, radix: 10) else {
            throw cell.failure(decoding: Self.self, "\(text.count)-character value is out of range for \(Self.self)")
        }
        self = value
    }
}

extension Int: PostgresDecodable {
    /// From int2, int4, int8 or oid.
    public init(postgresCell cell: PostgresCell) throws { try self.init(integerCell: cell) }
}

extension Int64: PostgresDecodable {
    /// From int2, int4, int8 or oid.
    public init(postgresCell cell: PostgresCell) throws { try self.init(integerCell: cell) }
}

extension Int32: PostgresDecodable {
    /// From int2, int4, or an int8/oid value that fits.
    public init(postgresCell cell: PostgresCell) throws { try self.init(integerCell: cell) }
}

extension Int16: PostgresDecodable {
    /// From int2, or a wider integer value that fits.
    public init(postgresCell cell: PostgresCell) throws { try self.init(integerCell: cell) }
}

extension Double: PostgresDecodable {
    /// From float4, float8 or an integer type. Not from numeric, which would round silently:
    /// decode `Decimal` or `PostgresNumeric`, or cast in SQL (`::float8`) to choose rounding.
    public init(postgresCell cell: PostgresCell) throws {
        try cell.requireType([.float4, .float8, .int2, .int4, .int8], for: Double.self)
        let text = try cell.requireText(for: Double.self)
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text) else {
                throw cell.failure(decoding: Double.self, "not a floating-point number")
            }
            self = value
        }
    }
}

extension Float: PostgresDecodable {
    /// From float4 only; float8 would lose precision.
    public init(postgresCell cell: PostgresCell) throws {
        try cell.requireType([.float4], for: Float.self)
        let text = try cell.requireText(for: Float.self)
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Float(text) else { throw cell.failure(decoding: Float.self, "not a floating-point number") }
            self = value
        }
    }
}

extension Bool: PostgresDecodable {
    /// From bool, which the server writes as `t` or `f`.
    public init(postgresCell cell: PostgresCell) throws {
        try cell.requireType([.bool], for: Bool.self)
        switch try cell.requireText(for: Bool.self) {
        case "t": self = true
        case "f": self = false
        case let other: throw cell.failure(decoding: Bool.self, "unexpected boolean text \"\(other)\"")
        }
    }
}
