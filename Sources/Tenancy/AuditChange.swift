public import Foundation

/// One change to record: what happened to which row, with the row before and after as JSON.
/// Before/after values are the public views of rows (never password hashes, token hashes or
/// secrets), so the audit log can be shown and exported as it is.
public struct AuditChange: Sendable {
    /// `<resource>.<verb>`, e.g. `customer.create`, `user.disable`, `token.revoke`.
    public var action: String
    /// The partner the change belongs to (not necessarily the caller's: a platform admin's
    /// change to a partner is recorded in that partner's log).
    public var partnerID: UUID
    /// The customer the change belongs to, if any.
    public var customerID: UUID?
    /// `customer`, `user`, `api_token`, `partner`, …
    public var targetType: String
    /// The target row's id.
    public var targetID: String?
    /// The row before, as JSON text; nil for creations.
    public var before: String?
    /// The row after, as JSON text; nil for deletions.
    public var after: String?

    public init(action: String, partnerID: UUID, customerID: UUID? = nil, targetType: String, targetID: String?,
                before: (any Encodable)? = nil, after: (any Encodable)? = nil) {
        self.action = action
        self.partnerID = partnerID
        self.customerID = customerID
        self.targetType = targetType
        // A UUID in its canonical lower-case form (RFC 9562 §4), as the API prints ids.
        self.targetID = targetID.map { UUID(uuidString: $0) == nil ? $0 : $0.lowercased() }
        self.before = before.flatMap(Self.json)
        self.after = after.flatMap(Self.json)
    }

    private static func json(_ value: any Encodable) -> String? {
        guard let data = try? TenancyJSON.encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The JSON conventions of stored documents (audit before/after): snake_case keys and ISO 8601
/// dates, the same as the JSON API, so an exported audit entry reads like an API response.
package enum TenancyJSON {
    package static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
