import Foundation

/// Where reading a system's changes stopped, as a connector-defined token. The flows store it as
/// given after the records of a page are safely processed, and hand it back for the next read;
/// only the connector that wrote it reads inside (e.g. WooCommerce's last `date_modified_gmt`
/// with the ids already seen at that instant).
public struct ChangeCursor: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The token.
    public let rawValue: String

    /// Wraps a stored token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A cursor that carries a connector's own position value as JSON.
    public init(encoding position: some Encodable) throws(ConnectorError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        do {
            rawValue = String(decoding: try encoder.encode(position), as: UTF8.self)
        } catch {
            throw ConnectorError.permanent("Could not encode a change cursor: \(error)")
        }
    }

    /// The position value a connector stored in this cursor; a cursor from another connector or
    /// an older format is a permanent error (reset the flow's cursor to read from the start).
    public func decode<Position: Decodable>(_ type: Position.Type) throws(ConnectorError) -> Position {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: Data(rawValue.utf8))
        } catch {
            throw ConnectorError.permanent("The stored change cursor \(rawValue.prefix(80)) is not one this connector wrote; reset the cursor.")
        }
    }

    /// The token.
    public var description: String { rawValue }
}

/// One page of changed records and where to continue.
public struct ChangePage<Record: Sendable>: Sendable {
    /// The records, oldest change first, each at most once.
    public var records: [Record]
    /// The cursor to store once `records` are processed.
    public var next: ChangeCursor
    /// Whether more changes were waiting when this page was read (read again at once).
    public var hasMore: Bool

    /// Creates a page.
    public init(records: [Record], next: ChangeCursor, hasMore: Bool) {
        self.records = records
        self.next = next
        self.hasMore = hasMore
    }
}
