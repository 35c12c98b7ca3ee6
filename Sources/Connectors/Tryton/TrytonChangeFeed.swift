import Foundation

/// Reads the records of one Tryton model changed since a cursor, by `last_modified_at`
/// (= coalesce(write_date, create_date), searchable and sortable on every stored model).
///
/// Tryton stamps a row with the *start* time of the writing transaction, not its commit time,
/// so a long transaction can commit rows older than a cursor already past them. Each read
/// therefore has two parts:
///
/// 1. **Progress**: rows after the cursor's `(last_modified_at, id)`, oldest first — a keyset,
///    so a page never repeats and many rows with one timestamp (a bulk import in one
///    transaction) page through without loss.
/// 2. **Stragglers**: rows stamped within ``overlap`` before the cursor that are not among the
///    `(id, last_modified_at)` pairs the cursor remembers having delivered — late commits, and
///    rows written again by a late transaction.
///
/// Deletions leave no trace in Tryton; models that matter are deactivated (`active = false`),
/// which the feed reads with `active_test: false`.
struct TrytonChangeFeed: Sendable {
    /// The model, e.g. `sale.sale`.
    var model: String
    /// Further clauses every row must match (`state = done` for stock moves).
    var filter: [TrytonValue] = []
    /// The fields each record is read with (`id` and `last_modified_at` are added).
    var fields: [String]

    /// How far before the cursor stragglers are looked for. Tryton cuts read calls at 60 s
    /// (`[request] timeout`); writes run longer only in bulk jobs, whose rows then arrive late
    /// but are not lost as long as they commit within this window.
    static let overlap: Duration = .seconds(120)
    /// The most delivered pairs a cursor remembers; past it the oldest are forgotten (those
    /// records may then be delivered twice, which idempotent writes absorb).
    static let rememberedLimit = 5_000

    /// Where a feed stopped.
    struct Position: Codable, Sendable, Hashable {
        /// The model, so a cursor of another feed is refused.
        var model: String
        /// The last progress row's timestamp and id; nil before the first row.
        var high: TrytonTimestamp?
        var highID: Int
        /// `[id, microseconds]` pairs delivered with timestamps within the overlap before `high`.
        var delivered: [[Int64]]
    }

    /// One page of changed records, oldest change first, and the cursor after it.
    func page(since cursor: ChangeCursor?, limit: Int, client: TrytonClient,
              context: [String: TrytonValue] = [:]) throws(ConnectorError) -> (records: [TrytonRecord], next: ChangeCursor, hasMore: Bool) {
        var position = Position(model: model, high: nil, highID: 0, delivered: [])
        if let cursor {
            position = try cursor.decode(Position.self)
            guard position.model == model else {
                throw ConnectorError.permanent("The stored cursor belongs to \(position.model), not \(model); reset the flow's cursor.")
            }
        }
        let limit = max(1, min(limit, 1_000))
        let readFields = Array(Set(fields + ["id", "last_modified_at"]))
        let context = context.merging(["active_test": false]) { given, _ in given }
        let order = [("last_modified_at", "ASC"), ("id", "ASC")]

        var stragglers: [TrytonRecord] = []
        if let high = position.high {
            let known = Set(position.delivered.map { TrytonStamp(id: Int($0[0]), microseconds: $0.count > 1 ? $0[1] : 0) })
            let window: [TrytonValue] = [
                ["last_modified_at", ">=", .dateTime(high.adding(.zero - Self.overlap))],
                ["OR", [["last_modified_at", "<", .dateTime(high)]],
                       [["last_modified_at", "=", .dateTime(high)], ["id", "<=", .int(position.highID)]]],
            ]
            let recent = try client.searchRead(model, .array(filter + window), fields: ["id", "last_modified_at"],
                                               limit: Self.rememberedLimit, order: order, context: context)
            let late = recent.filter { !known.contains(TrytonStamp($0)) }.prefix(limit).map(\.id)
            stragglers = try client.read(model, Array(late), fields: readFields, context: context)
        }

        var after: [TrytonValue] = []
        if let high = position.high {
            after = [["OR", [["last_modified_at", ">", .dateTime(high)]],
                            [["last_modified_at", "=", .dateTime(high)], ["id", ">", .int(position.highID)]]]]
        }
        let progress = try client.searchRead(model, .array(filter + after), fields: readFields,
                                             limit: max(1, limit - stragglers.count), order: order, context: context)

        if let last = progress.last, let stamp = last.lastModifiedAt {
            position.high = stamp
            position.highID = last.id
        }
        let records = stragglers + progress
        position.delivered = Self.remembered(position.delivered, adding: records, high: position.high)
        return (records, try ChangeCursor(encoding: position), progress.count == max(1, limit - stragglers.count))
    }

    /// The delivered pairs still within the overlap before `high`, newest kept when over the limit.
    private static func remembered(_ earlier: [[Int64]], adding records: [TrytonRecord], high: TrytonTimestamp?) -> [[Int64]] {
        guard let high else { return [] }
        let floor = high.adding(.zero - overlap).microseconds
        var pairs = Set(earlier.compactMap { $0.count == 2 ? TrytonStamp(id: Int($0[0]), microseconds: $0[1]) : nil })
        for record in records { pairs.insert(TrytonStamp(record)) }
        let kept = pairs.filter { $0.microseconds >= floor }.sorted { ($0.microseconds, $0.id) > ($1.microseconds, $1.id) }
        return kept.prefix(rememberedLimit).map { [Int64($0.id), $0.microseconds] }
    }
}

/// A record's identity at one change: its id and `last_modified_at`.
private struct TrytonStamp: Hashable {
    var id: Int
    var microseconds: Int64

    init(id: Int, microseconds: Int64) {
        self.id = id
        self.microseconds = microseconds
    }

    init(_ record: TrytonRecord) {
        self.init(id: record.id, microseconds: record.lastModifiedAt?.microseconds ?? 0)
    }
}

extension TrytonChangeFeed {
    /// A cursor that reads this feed's rows modified at or after `date`: progress starts just
    /// before it, and nothing is remembered as delivered, so stragglers are read again too.
    func cursor(from date: Date) throws(ConnectorError) -> ChangeCursor {
        try ChangeCursor(encoding: Position(model: model, high: TrytonTimestamp(date.addingTimeInterval(-0.000_001)),
                                            highID: Int.max, delivered: []))
    }
}
