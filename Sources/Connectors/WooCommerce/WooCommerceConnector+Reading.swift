import Commerce

extension WooCommerceConnector {
    /// Every record of a collection, page by page until neither `Link: rel="next"` nor
    /// `X-WP-TotalPages` promises another (spec §4).
    func readAll<Record: Decodable>(_ type: Record.Type, _ path: String, query: [(String, String)] = [],
                                    while action: String) throws(ConnectorError) -> [Record] {
        var records: [Record] = []
        var page = 1
        while true {
            let (batch, response) = try transport.fetch([Record].self, path,
                                                        query: query + [("per_page", String(settings.pageSize)), ("page", String(page))],
                                                        while: "\(action) (page \(page))")
            records += batch
            guard !batch.isEmpty, WooCommercePageInfo(response.headers).hasPage(after: page) else { return records }
            page += 1
        }
    }

    /// One page of changes of a collection that filters by `modified_after` (spec §4 connector
    /// rule): `orderby=modified&order=asc&dates_are_gmt=true`, from the cursor's start, skipping
    /// what the cursor says was returned, reading on while whole pages were returned before.
    func changes<Wire: Decodable & Sendable, Record: Sendable>(
        _ path: String, since cursor: ChangeCursor?, limit: Int, key: (Wire) -> WooCommerceChangeWindow.Key,
        isIgnored: (Wire) -> Bool = { _ in false }, map: ([Wire]) throws(ConnectorError) -> [Record], while action: String
    ) throws(ConnectorError) -> ChangePage<Record> {
        let start = try cursor?.decode(WooCommerceChangeWindow.Position.self) ?? WooCommerceChangeWindow.Position(since: nil, seen: [])
        let read = try changedWires(path, from: start, limit: limit, key: key, isIgnored: isIgnored, while: action)
        return ChangePage(records: try map(read.wires), next: try ChangeCursor(encoding: read.next), hasMore: read.hasMore)
    }

    /// The records of one change read and the position after it.
    func changedWires<Wire: Decodable & Sendable>(
        _ path: String, from start: WooCommerceChangeWindow.Position, limit: Int, key: (Wire) -> WooCommerceChangeWindow.Key,
        isIgnored: (Wire) -> Bool, while action: String
    ) throws(ConnectorError) -> (wires: [Wire], next: WooCommerceChangeWindow.Position, hasMore: Bool) {
        var window = WooCommerceChangeWindow(start: start, overlap: settings.overlapSeconds, limit: limit)
        let perPage = min(max(1, limit), settings.pageSize)
        var taken: [Wire] = []
        var page = 1
        var storeHasMore = false
        repeat {
            var query = [("orderby", "modified"), ("order", "asc"), ("dates_are_gmt", "true"),
                         ("per_page", String(perPage)), ("page", String(page))]
            if let after = window.modifiedAfter { query.insert(("modified_after", after.description), at: 0) }
            let (records, response) = try transport.fetch([Wire].self, path, query: query, while: "\(action) (page \(page))")
            for index in window.take(page: records.map(key)) where !isIgnored(records[index]) {
                taken.append(records[index])
            }
            storeHasMore = !records.isEmpty && WooCommercePageInfo(response.headers).hasPage(after: page)
            page += 1
        } while window.wantsAnotherPage(storeHasMore: storeHasMore)
        return (taken, window.next(), window.stoppedAtLimit || storeHasMore)
    }
}
