public import HTTP

/// What a client asked of a paginated list: how many items (`limit`, 1…200, default 50) and
/// where to start (`cursor`, from a previous page's `next_cursor`).
///
/// The query that serves it fetches `fetchLimit` rows (one more than asked) so `page(of:)`
/// can tell whether another page exists without a second `COUNT` query:
///
/// ```swift
/// let pageRequest = try PageRequest(request)
/// let rows = try customers.list(after: pageRequest.cursor, limit: pageRequest.fetchLimit)
/// return try .json(pageRequest.page(of: rows) { Cursor(after: $0.id) })
/// ```
public struct PageRequest: Sendable, Hashable {
    /// Items per page when the client does not say.
    public static let defaultLimit = 50
    /// The largest page a client may ask for: enough for scripts, small enough that one
    /// request holds a database connection for milliseconds, not seconds.
    public static let limitRange = 1...200

    /// Items wanted on this page.
    public var limit: Int
    /// Where the previous page ended; nil for the first page.
    public var cursor: Cursor?

    /// A request for `limit` items after `cursor`.
    public init(limit: Int = PageRequest.defaultLimit, cursor: Cursor? = nil) {
        precondition(PageRequest.limitRange.contains(limit), "limit outside \(PageRequest.limitRange)")
        self.limit = limit
        self.cursor = cursor
    }

    /// The page `request`'s query asks for; a 400 problem naming `limit` and/or `cursor`
    /// (both at once when both are wrong) otherwise.
    public init(_ request: Request) throws(ProblemError) {
        try self.init(query: request.queryParameters)
    }

    /// The page decoded query parameters ask for.
    public init(query: [String: String]) throws(ProblemError) {
        var errors: [FieldError] = []
        var limit = PageRequest.defaultLimit
        if let text = query["limit"] {
            // Digits only: `Int("+5")` would accept a sign, and leading zeros or a length past
            // three digits are not something a well-behaved client sends.
            if let value = Int(text), text.utf8.allSatisfy({ (48...57).contains($0) }), text.utf8.count <= 3,
               PageRequest.limitRange.contains(value) {
                limit = value
            } else {
                errors.append(FieldError(field: "limit", message:
                    "must be an integer from \(PageRequest.limitRange.lowerBound) to \(PageRequest.limitRange.upperBound)"))
            }
        }
        var cursor: Cursor?
        if let token = query["cursor"] {
            do { cursor = try Cursor(token: token) } catch { errors += error.errors }
        }
        if !errors.isEmpty { throw .invalidParameters(errors) }
        self.init(limit: limit, cursor: cursor)
    }

    /// Rows to fetch: one more than `limit`, the extra one only proving that a next page exists.
    public var fetchLimit: Int { limit + 1 }

    /// The page made of `rows` (fetched with `fetchLimit`, in sort order): at most `limit`
    /// items, and a cursor after the last of them when more rows exist.
    public func page<Item>(of rows: [Item], cursor makeCursor: (Item) -> Cursor) -> Page<Item> {
        guard rows.count > limit else { return Page(data: rows, nextCursor: nil) }
        let items = Array(rows.prefix(limit))
        return Page(data: items, nextCursor: items.last.map(makeCursor)?.token)
    }
}

/// The envelope of every list response: `{"data": [...], "next_cursor": "…" | null}`.
/// `next_cursor` is always present, null on the last page, so clients loop on one condition.
public struct Page<Item> {
    /// The items of this page.
    public var data: [Item]
    /// The token for the next page, or nil on the last page.
    public var nextCursor: String?

    /// A page with `data` and `nextCursor`.
    public init(data: [Item], nextCursor: String?) {
        self.data = data
        self.nextCursor = nextCursor
    }
}

extension Page: Sendable where Item: Sendable {}

extension Page: Encodable where Item: Encodable {
    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        // Synthesised encoding would omit nil; the envelope promises an explicit null.
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
