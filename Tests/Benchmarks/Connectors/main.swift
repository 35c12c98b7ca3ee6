// make bench-connectors — the WooCommerce connector's two costs that grow with a shop:
// (a) mapping order pages to Commerce on one core, beside the peer "JSON parse only"
//     (Foundation's JSONSerialization over the same bytes): what the typed mapping adds;
// (b) pushing a 1,000-product catalogue to the simulated store through the batch endpoints,
//     beside the same push with one request per product: what batching buys.
// A program, not a test (STYLE.md habit 15): it prints figures and the command that made them.
import Commerce
import Connectors
import Foundation
import HTTPClient
import WooCommerceSimulator

let command = "swift build -c release --product bench-connectors && .build/release/bench-connectors"

/// The captured WooCommerce 11 order (spec sample 44) as a JSON object.
func capturedOrder() throws -> [String: Any] {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../ConnectorsTests/WooCommerce/Fixtures/44-order-get.json").standardized
    let capture = try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any]
    guard let body = capture?["body"] as? [String: Any] else { throw BenchError("no body in \(path.path)") }
    return body
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try work()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func bench(_ name: String, _ value: Double, _ unit: String, peer: String, _ peerValue: Double, _ peerUnit: String,
           ratio: Double, goal: String, met: Bool) {
    print(String(format: "BENCH %@ %.2f %@ | %@ %.2f %@ | ratio %.2f | goal %@ | %@",
                 name, value, unit, peer, peerValue, peerUnit, ratio, goal, met ? "met" : "NOT met"))
}

print("command: \(command)")

// (a) A page of 100 orders as GET /orders sends it (the captured order, ids varied), mapped
// 50 times per run: 5,000 orders a run, five runs, one thread.
let template = try capturedOrder()
let page: [[String: Any]] = (0..<100).map { index in
    var order = template
    order["id"] = 1_000 + index
    order["number"] = String(1_000 + index)
    return order
}
let pageBytes = Array(try JSONSerialization.data(withJSONObject: page))
let pagesPerRun = 50
let ordersPerRun = Double(pagesPerRun * page.count)
_ = try WooCommerceConnector.orders(fromPage: pageBytes)  // warm-up, and a check that it maps
var mappingRates: [Double] = []
var parsingRates: [Double] = []
for _ in 0..<5 {
    let mapped = try seconds {
        for _ in 0..<pagesPerRun {
            let orders = try WooCommerceConnector.orders(fromPage: pageBytes)
            precondition(orders.count == 100)
        }
    }
    mappingRates.append(ordersPerRun / mapped)
    let parsed = try seconds {
        for _ in 0..<pagesPerRun {
            let object = try JSONSerialization.jsonObject(with: Data(pageBytes))
            precondition((object as? [Any])?.count == 100)
        }
    }
    parsingRates.append(ordersPerRun / parsed)
}
let mappingRate = median(mappingRates)
let parsingRate = median(parsingRates)
print(String(format: "(a) %d-byte page of 100 orders; mapping runs %@ orders/s; JSONSerialization runs %@ orders/s", pageBytes.count,
             mappingRates.map { String(format: "%.0f", $0) }.joined(separator: " "),
             parsingRates.map { String(format: "%.0f", $0) }.joined(separator: " ")))

// (b) 1,000 simple products with prices pushed to a fresh simulated store (plain http, OAuth
// signed), by batches of 100 and by one request per product; median of three each.
func push(batchSize: Int) throws -> Double {
    let store = try WooCommerceSimulator()
    defer { store.shutdown() }
    let clock = store.clock
    let configuration = ConnectionConfiguration(
        settings: ["store_url": store.storeURL, "consumer_key": store.configuration.consumerKey, "batch_size": String(batchSize)],
        secrets: ["consumer_secret": store.configuration.consumerSecret])
    let connector = try WooCommerceConnector(configuration: configuration, client: HTTPClient(), clock: { clock.now })
    var products: [Product] = []
    var prices: [SKU: Price] = [:]
    for index in 0..<1_000 {
        let sku = try SKU(String(format: "BENCH-%04d", index))
        products.append(Product(sku: sku, name: "Bench product \(index)", description: "A product for the catalogue push."))
        prices[sku] = Price(sku: sku, list: Money(Decimal(10 + index % 90), .eur))
    }
    var outcome = BatchOutcome()
    let elapsed = try seconds { outcome = try connector.upsertProducts(products, prices: prices) }
    guard outcome.succeeded.count == 1_000, store.catalogue().count == 1_000 else {
        throw BenchError("push with batch size \(batchSize) wrote \(outcome.succeeded.count) products: \(outcome.failed.prefix(3))")
    }
    return elapsed
}
let batched = (0..<3).map { _ in (try? push(batchSize: 100)) ?? .nan }
let oneByOne = (0..<3).map { _ in (try? push(batchSize: 1)) ?? .nan }
print(String(format: "(b) batches of 100: %@ s; one request per product: %@ s",
             batched.map { String(format: "%.2f", $0) }.joined(separator: " "),
             oneByOne.map { String(format: "%.2f", $0) }.joined(separator: " ")))

// Goals. (a) Relative to the peer, so that it holds on any machine: turning the bytes into
// checked Commerce orders may cost at most twice a bare parse of the same bytes (ratio >= 0.5).
// In absolute terms WooCommerce itself needs hundreds of milliseconds to serve a page of 100
// orders, so even 5,000 orders/s (20 ms a page) keeps mapping under a tenth of a read. (b) WooCommerce itself takes about 0.1–0.5 s per batch of 100
// on real hosting; the simulator answers faster, so the goal bounds our side: the whole push,
// lookups included, under 5 s.
bench("woocommerce-order-mapping", mappingRate, "orders/s", peer: "json-parse-only", parsingRate, "orders/s",
      ratio: mappingRate / parsingRate, goal: "ratio >= 0.5", met: mappingRate / parsingRate >= 0.5)
let batchedSeconds = median(batched)
let oneByOneSeconds = median(oneByOne)
bench("woocommerce-catalogue-push-1000", batchedSeconds, "s", peer: "one-request-per-product", oneByOneSeconds, "s",
      ratio: oneByOneSeconds / batchedSeconds, goal: "<= 5 s", met: batchedSeconds <= 5)
