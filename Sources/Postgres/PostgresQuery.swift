/// One SQL statement and its parameters.
///
/// Write statements by string interpolation; every interpolated value becomes a `$n` parameter,
/// never SQL text, so values cannot change what the statement does:
///
/// ```swift
/// let rows = try connection.query("SELECT name FROM users WHERE id = \(id) AND active = \(true)")
/// // sent as: SELECT name FROM users WHERE id = $1 AND active = $2
/// ```
///
/// Statements kept as named constants use `init(unsafeSQL:binds:)`; "unsafe" because the SQL
/// string is trusted as written, so it must be a constant, never built from values.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement with `$n` placeholders.
    public var sql: String
    /// The placeholders' values.
    public var bindings: PostgresBindings

    /// A trusted SQL string and its parameters in `$n` order.
    public init(unsafeSQL sql: String, binds: [any PostgresEncodable] = []) {
        self.sql = sql
        self.bindings = PostgresBindings()
        for value in binds { bindings.append(value) }
    }

    /// A trusted SQL string and parameters already collected.
    public init(unsafeSQL sql: String, bindings: PostgresBindings) {
        self.sql = sql
        self.bindings = bindings
    }

    /// A statement without interpolations.
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// A statement built by interpolation.
    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, bindings: stringInterpolation.bindings)
    }

    /// The SQL and the number of parameters, never their values (they may be secrets).
    public var description: String {
        bindings.count == 0 ? sql : "\(sql) [\(bindings.count) parameters]"
    }

    /// Collects literal SQL and turns each interpolated value into the next `$n`.
    public struct StringInterpolation: StringInterpolationProtocol {
        /// The SQL so far.
        public private(set) var sql: String
        /// The parameters so far.
        public private(set) var bindings = PostgresBindings()

        /// Reserves room for the literal parts.
        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        /// Literal SQL, copied as written.
        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A value: appended as a parameter, written as `$n`.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        /// An optional value: NULL when nil.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }
    }
}
