import Crypto
public import Foundation

/// Where the previous page ended: the sort key of its last row, as an opaque token for
/// `next_cursor` and the `cursor` query parameter (keyset pagination).
///
/// Two orderings are supported: by id alone (UUIDv7 ids sort by creation time) and by
/// `(timestamp, id)`, for lists ordered by a time other than creation. The next page is then
/// `WHERE id > $1` or `WHERE (updated_at, id) > ($1, $2) ORDER BY updated_at, id LIMIT $3`.
///
/// Cursors are not signed or encrypted, and need not be: they are opaque only so clients do
/// not build them, not to hide anything. Their values are only ever bound as parameters of
/// that `WHERE` clause, inside the caller's transaction where row-level security limits every
/// row to the caller's tenant; a forged cursor can only move the caller to another position
/// within data it may list anyway. A cursor that does not decode is a 400 naming `cursor`.
///
/// Wire form (base64url without padding, RFC 4648 §5, of): version `1`, kind (`0` id, `1`
/// timestamp and id), for kind 1 the timestamp as big-endian signed microseconds since
/// 1970-01-01T00:00:00Z (PostgreSQL's `timestamptz` precision, so no row is skipped or
/// repeated by rounding), then the 16 bytes of the id.
public struct Cursor: Sendable, Hashable, CustomStringConvertible {
    /// The id of the last row returned.
    public var id: UUID
    /// The sort timestamp of the last row, in microseconds since the Unix epoch; nil when the
    /// ordering is by id alone.
    public var microsecondsSinceEpoch: Int64?

    /// A cursor after the row with `id`, for lists ordered by id.
    public init(after id: UUID) {
        self.id = id
        self.microsecondsSinceEpoch = nil
    }

    /// A cursor after the row with `(timestamp, id)`, for lists ordered by both. The timestamp
    /// is rounded to whole microseconds, as PostgreSQL stores it.
    public init(after timestamp: Date, id: UUID) {
        self.id = id
        self.microsecondsSinceEpoch = Int64((timestamp.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The sort timestamp, when there is one.
    public var timestamp: Date? {
        microsecondsSinceEpoch.map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
    }

    private static let version: UInt8 = 1

    /// The opaque token sent to clients.
    public var token: String {
        var bytes: [UInt8] = [Cursor.version, microsecondsSinceEpoch == nil ? 0 : 1]
        if let microseconds = microsecondsSinceEpoch {
            withUnsafeBytes(of: microseconds.bigEndian) { bytes.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: id.uuid) { bytes.append(contentsOf: $0) }
        return Base64URL.encode(bytes)
    }

    /// The cursor in `token`; a 400 problem naming `parameter` when it is not one this server
    /// made (garbage, truncated, an unknown version).
    public init(token: String, parameter: String = "cursor") throws(ProblemError) {
        let invalid = ProblemError.invalidParameters([
            FieldError(field: parameter, message: "is not a cursor from this API; pass next_cursor from a previous page unchanged"),
        ])
        guard token.utf8.count <= 64, let bytes = Base64URL.decode(token), bytes.count >= 2,
              bytes[0] == Cursor.version else { throw invalid }
        switch (bytes[1], bytes.count) {
        case (0, 18):
            self.init(id: Cursor.uuid(bytes[2...]), microsecondsSinceEpoch: nil)
        case (1, 26):
            let microseconds = bytes[2..<10].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self.init(id: Cursor.uuid(bytes[10...]), microsecondsSinceEpoch: Int64(bitPattern: microseconds))
        default:
            throw invalid
        }
    }

    private init(id: UUID, microsecondsSinceEpoch: Int64?) {
        self.id = id
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    private static func uuid(_ bytes: ArraySlice<UInt8>) -> UUID {
        let b = Array(bytes)
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                           b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    public var description: String { token }
}
