import Commerce

/// Finds the products and variations that hold given SKUs: `GET /products?sku=A,B,…`, an exact
/// match that searches products **and** variations (spec §4), read in `context=edit` so that
/// descriptions come back as stored (the `view` context wraps them in paragraphs) and a repeat
/// upsert sees no change.
struct WooCommerceSKULookup {
    let transport: WooCommerceTransport

    /// SKUs per request: short enough for any server's URL limit, at most one page of answers.
    static let skusPerRequest = 50

    /// The record holding each SKU that exists; absent SKUs are not in the result.
    func records(for skus: [SKU]) throws(ConnectorError) -> [SKU: WireProduct] {
        var found: [SKU: WireProduct] = [:]
        let unique = Array(Set(skus)).sorted()
        // WooCommerce splits the `sku` list on commas, so an SKU holding one cannot be asked
        // for; it counts as absent, and a create that finds it taken is refused item by item.
        let listable = unique.filter { !$0.text.contains(",") }
        var start = 0
        while start < listable.count {
            let chunk = listable[start..<min(start + Self.skusPerRequest, listable.count)]
            start = chunk.endIndex
            var page = 1
            while true {
                let query = [("sku", chunk.map(\.text).joined(separator: ",")), ("context", "edit"),
                             ("per_page", "100"), ("page", String(page))]
                let (records, response) = try transport.fetch([WireProduct].self, "/products", query: query,
                                                              while: "looking up \(chunk.count) SKUs")
                for record in records {
                    guard let sku = try? SKU(record.sku), chunk.contains(sku) else { continue }
                    found[sku] = record
                }
                guard !records.isEmpty, WooCommercePageInfo(response.headers).hasPage(after: page) else { break }
                page += 1
            }
        }
        return found
    }
}
