/// A PostgreSQL type, identified by its OID in `pg_type`.
///
/// The built-in types have fixed OIDs (`src/include/catalog/pg_type.dat`); types from extensions
/// (citext, PostGIS) get OIDs at install time and show as `oid <n>`.
public struct PostgresDataType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The type's OID.
    public var rawValue: UInt32

    /// Wraps a type OID.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// OID 0: let the server infer a parameter's type from its use in the statement.
    public static let unspecified = Self(rawValue: 0)
    /// `bool`
    public static let bool = Self(rawValue: 16)
    /// `bytea`
    public static let bytea = Self(rawValue: 17)
    /// `"char"` (one byte)
    public static let char = Self(rawValue: 18)
    /// `name` (identifiers in the catalogs)
    public static let name = Self(rawValue: 19)
    /// `int8` / `bigint`
    public static let int8 = Self(rawValue: 20)
    /// `int2` / `smallint`
    public static let int2 = Self(rawValue: 21)
    /// `int4` / `integer`
    public static let int4 = Self(rawValue: 23)
    /// `text`
    public static let text = Self(rawValue: 25)
    /// `oid`
    public static let oid = Self(rawValue: 26)
    /// `json`
    public static let json = Self(rawValue: 114)
    /// `float4` / `real`
    public static let float4 = Self(rawValue: 700)
    /// `float8` / `double precision`
    public static let float8 = Self(rawValue: 701)
    /// `unknown` (an untyped literal)
    public static let unknown = Self(rawValue: 705)
    /// `bpchar` / `character(n)`
    public static let bpchar = Self(rawValue: 1042)
    /// `varchar` / `character varying(n)`
    public static let varchar = Self(rawValue: 1043)
    /// `date`
    public static let date = Self(rawValue: 1082)
    /// `time`
    public static let time = Self(rawValue: 1083)
    /// `timestamp` (without time zone)
    public static let timestamp = Self(rawValue: 1114)
    /// `timestamptz` (with time zone)
    public static let timestamptz = Self(rawValue: 1184)
    /// `interval`
    public static let interval = Self(rawValue: 1186)
    /// `numeric` / `decimal`
    public static let numeric = Self(rawValue: 1700)
    /// `uuid`
    public static let uuid = Self(rawValue: 2950)
    /// `jsonb`
    public static let jsonb = Self(rawValue: 3802)
    /// `text[]`
    public static let textArray = Self(rawValue: 1009)
    /// `int8[]`
    public static let int8Array = Self(rawValue: 1016)

    /// The type's SQL name for the built-in types this module knows, else `oid <n>`.
    public var description: String {
        Self.names[rawValue] ?? "oid \(rawValue)"
    }

    /// Whether values of this type are whole numbers in text format.
    var isInteger: Bool { self == .int2 || self == .int4 || self == .int8 || self == .oid }

    /// Whether values of this type are JSON documents in text format.
    var isJSON: Bool { self == .json || self == .jsonb }

    private static let names: [UInt32: String] = [
        0: "unspecified", 16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "int8", 21: "int2",
        23: "int4", 25: "text", 26: "oid", 114: "json", 700: "float4", 701: "float8", 705: "unknown",
        1042: "bpchar", 1043: "varchar", 1082: "date", 1083: "time", 1114: "timestamp",
        1184: "timestamptz", 1186: "interval", 1700: "numeric", 2950: "uuid", 3802: "jsonb",
        1009: "text[]", 1016: "int8[]",
    ]
}
