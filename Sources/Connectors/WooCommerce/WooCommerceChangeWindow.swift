/// Where a WooCommerce change read stands, and the rules that make it lose nothing and return
/// nothing twice (spec §4, "Connector rule for incremental sync"), as a value without I/O.
///
/// `modified_after` is exclusive and has one-second resolution, and a save can commit a few
/// seconds after the `date_modified_gmt` it wrote. So each read starts `overlap` seconds before
/// the newest modification returned (`since`), and skips what it already returned by
/// `(id, date_modified_gmt)`: the keys inside the overlap travel in the cursor. A record saved
/// again has a new key and comes back, as it should.
///
/// Pages are read in `orderby=modified&order=asc` from that start; a page whose records were all
/// returned before leads to the next page. Between two page requests a record may be saved
/// again and move to the end, shifting the next page by one so that its first record is never
/// seen in this read; such a record was modified no earlier than the last record of the first
/// page crossed, so `since` never moves more than `overlap` past that record — the next read
/// starts before it.
struct WooCommerceChangeWindow: Sendable {
    /// A record's change identity.
    struct Key: Sendable, Hashable, Codable {
        /// The record's id.
        var id: Int
        /// Its `date_modified_gmt`.
        var modified: WooCommerceTimestamp
    }

    /// The cursor's content.
    struct Position: Sendable, Hashable, Codable {
        /// The newest modification the next read may assume complete; nil before the first read.
        var since: WooCommerceTimestamp?
        /// Keys returned whose modification lies inside the overlap before `since`.
        var seen: [Key]
    }

    /// Where this read started.
    let start: Position
    /// The overlap in seconds.
    let overlap: Int64
    /// The most records this read returns.
    let limit: Int

    /// Keys returned before or by this read.
    private var seen: Set<Key>
    /// The keys this read takes, in order.
    private(set) var keys: [Key] = []
    /// The newest modification on any page read, taken or skipped.
    private var newest: WooCommerceTimestamp?
    /// The last modification on the previous page read.
    private var previousPageEnd: WooCommerceTimestamp?
    /// The last modification on the first page this read went past.
    private var firstCrossedPageEnd: WooCommerceTimestamp?
    private var pagesRead = 0
    /// Whether the read stopped because `limit` records were taken.
    private(set) var stoppedAtLimit = false

    init(start: Position, overlap: Int64, limit: Int) {
        self.start = start
        self.overlap = overlap
        self.limit = max(1, limit)
        seen = Set(start.seen)
    }

    /// The `modified_after` to ask for (exclusive), nil to read from the beginning.
    var modifiedAfter: WooCommerceTimestamp? { start.since?.adding(seconds: -overlap) }

    /// Takes one page's keys in server order; returns the indices of the records to return
    /// (oldest first). Stops taking once `limit` records are taken.
    mutating func take(page: [Key]) -> [Int] {
        pagesRead += 1
        if pagesRead == 2 { firstCrossedPageEnd = previousPageEnd }
        var taken: [Int] = []
        for (index, key) in page.enumerated() {
            newest = max(newest ?? key.modified, key.modified)
            guard !seen.contains(key) else { continue }
            guard keys.count < limit else {
                stoppedAtLimit = true
                break
            }
            seen.insert(key)
            keys.append(key)
            taken.append(index)
        }
        previousPageEnd = page.last?.modified
        return taken
    }

    /// Whether the next page should be read: the limit is not reached and the store has one.
    func wantsAnotherPage(storeHasMore: Bool) -> Bool { storeHasMore && !stoppedAtLimit && keys.count < limit }

    /// The position after this read, once its records are processed.
    func next() -> Position {
        var since = start.since
        // The newest modification seen, taken or skipped; nothing older is left unread unless a
        // page shifted, and then not more than `overlap` before the first page's end.
        let newestTaken = keys.map(\.modified).max()
        var candidate = stoppedAtLimit ? newestTaken : newest
        if let candidateValue = candidate, let boundary = firstCrossedPageEnd {
            candidate = min(candidateValue, boundary.adding(seconds: overlap))
        }
        if let candidate { since = max(since ?? candidate, candidate) }
        guard let since else { return Position(since: nil, seen: []) }
        let floor = since.adding(seconds: -overlap)
        let kept = seen.filter { $0.modified > floor }.sorted { ($0.modified, $0.id) < ($1.modified, $1.id) }
        return Position(since: since, seen: kept)
    }
}
