// make bench-flow (issue 6, "Performance"): web orders from the WooCommerce simulator to
// confirmed sales in the real Tryton through a running `counterpart serve` — its webhook ingress,
// queue, workers and the order-to-erp flow — per minute, and the latency from the webhook's
// receipt to the confirmed sale. Beside it, in the same run, the peer: the same orders posted
// straight to Tryton through the same connector (customer, then sale, quoted and confirmed),
// from as many threads as the server has job workers: what the ERP itself can take, so the
// ratio is what the platform costs. Throughput comes from a burst of orders; latency from orders
// delivered one at a time at a quarter of the peer's rate, so it is the work, not the queue.
// A program, not a test (STYLE.md habit 15). Tests/Benchmarks/bench-flow.sh starts the server.
import Commerce
import Connectors
import Crypto
import Foundation
import HTTPClient
import Logging
import Postgres
import WooCommerceSimulator

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func setting(_ name: String) throws -> String {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw BenchError("\(name) is not set") }
    return value
}

func count(_ name: String, default fallback: Int) throws -> Int {
    guard let text = ProcessInfo.processInfo.environment[name] else { return fallback }
    guard let value = Int(text), value > 0 else { throw BenchError("\(name) must be a positive whole number, got \(text)") }
    return value
}

func say(_ text: String) { FileHandle.standardError.write(Data("bench-flow: \(text)\n".utf8)) }

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

func bench(_ name: String, _ value: Double, _ unit: String, peer: String, _ peerValue: Double, _ peerUnit: String,
           ratio: Double, goal: String, met: Bool) {
    print(String(format: "BENCH %@ %.1f %@ | %@ %.1f %@ | ratio %.2f | goal %@ | %@",
                 name, value, unit, peer, peerValue, peerUnit, ratio, goal, met ? "met" : "NOT met"))
}

/// The run's settings, systems and connections: everything the measuring functions share.
struct FlowBench: Sendable {
    let baseURL: String
    let apiToken: String
    let customerID: String
    let trytonURL: String
    let workers: Int
    let http: HTTPClient
    let database: PostgresPool
    let store: WooCommerceSimulator
    let peerStore: WooCommerceSimulator
    let shopConfiguration: WooCommerceSimulator.Configuration
    let erp: TrytonERPConnector
    let tag: String
    let skus: [SKU]
    let secret: String
    var shopID = UUID()

    /// Reads the settings, starts the shop and gives it and the ERP ten items.
    init() throws {
        baseURL = try setting("BENCH_BASE_URL")
        apiToken = try setting("BENCH_API_TOKEN")
        customerID = try setting("BENCH_CUSTOMER")
        trytonURL = try setting("BENCH_TRYTON_URL")
        workers = try count("BENCH_JOB_WORKERS", default: 4)
        http = try HTTPClient(configuration: .init(totalTimeout: .seconds(120)))
        database = try PostgresPool(configuration: .init(connection: PostgresConfiguration(url: try setting("BENCH_OWNER_URL")),
                                                         maximumConnections: 2), logger: Logger(label: "bench-flow"))
        var configuration = WooCommerceSimulator.Configuration()
        configuration.currency = "USD"  // the Tryton company's
        shopConfiguration = configuration
        store = try WooCommerceSimulator(configuration: configuration, clock: .wall())
        // The peer's orders come from a shop of their own, which Counterpart does not read.
        peerStore = try WooCommerceSimulator(configuration: configuration, clock: .wall())
        erp = try TrytonERPConnector(configuration: ConnectionConfiguration(
            settings: ["server_url": trytonURL, "database": "erp", "login": "admin"], secrets: ["password": "admin"]), http: http)
        let tag = String(UUID().uuidString.prefix(6))
        self.tag = tag
        let skus = try (0..<10).map { try SKU("BF-\(tag)-\($0)") }
        self.skus = skus
        secret = "bench-flow-\(tag)"
        guard let price = Money("12.50", .usd) else { throw BenchError("12.50 USD did not read as money") }
        _ = try erp.upsertProducts(skus.map { Product(sku: $0, name: "Bench item \($0.text)") },
                                   prices: Dictionary(uniqueKeysWithValues: skus.map { ($0, Price(sku: $0, list: price)) }))
        for sku in skus {
            for shop in [store, peerStore] {
                _ = shop.addProduct(sku: sku.text, name: "Bench item \(sku.text)", regularPrice: "12.50", stock: 1_000_000)
            }
        }
    }

    /// The API, as the partner admin.
    func api(_ method: OutboundRequest.Method, _ path: String, _ body: String) throws -> [String: Any] {
        var request = OutboundRequest(method: method, url: baseURL + "/api/v1" + path, body: Array(body.utf8))
        request.headers.append(name: "Authorization", value: "Bearer \(apiToken)")
        request.headers.append(name: "Content-Type", value: "application/json")
        let response = try http.send(request)
        guard (200..<300).contains(response.status),
              let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw BenchError("\(method.rawValue) \(path) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
        return object
    }

    /// The customer's shop and ERP connections and its order-to-erp flow, through the API, and
    /// the shop's webhook to the connection's address.
    mutating func connect() throws {
        let shop = try api(.post, "/customers/\(customerID)/connections", """
            {"environment":"production","kind":"woocommerce","name":"Web shop","values":{"store_url":"\(store.storeURL)",\
            "consumer_key":"\(shopConfiguration.consumerKey)","consumer_secret":"\(shopConfiguration.consumerSecret)",\
            "webhook_secret":"\(secret)"}}
            """)
        let ledger = try api(.post, "/customers/\(customerID)/connections", """
            {"environment":"production","kind":"tryton-erp","name":"ERP","values":{"server_url":"\(trytonURL)","database":"erp",\
            "login":"admin","password":"admin"}}
            """)
        guard let shopText = shop["id"] as? String, let shopID = UUID(uuidString: shopText), let ledgerID = ledger["id"] as? String else {
            throw BenchError("the connections have no ids")
        }
        self.shopID = shopID
        _ = try api(.put, "/customers/\(customerID)/environments/production/flows/order-to-erp", """
            {"source_connection_id":"\(shopText)","target_connection_id":"\(ledgerID)","options":{}}
            """)
        // The portal issues webhook tokens; here the token's SHA-256 is stored directly (Migrations/0010).
        let token = "cph_bench" + Hex.encode(SecureRandom.bytes(16))
        _ = try database.withConnection { connection in
            try connection.execute("UPDATE connections SET ingress_token_sha256 = \(SHA256.hash(Array(token.utf8))) WHERE id = \(shopID)")
        }
        store.addWebhook(topic: "order.created", deliveryURL: "\(baseURL)/hooks/\(token)", secret: secret)
    }

    /// Places `count` orders in the shop (one to three lines each) and returns their numbers.
    func placeOrders(_ count: Int, in shop: WooCommerceSimulator? = nil) -> [Int] {
        (0..<count).map { index in
            (shop ?? store).addOrder(lines: (0...(index % 3)).map { line in
                .init(sku: skus[(index + line) % skus.count].text, quantity: 1 + line, total: Decimal(1 + line) * Decimal(string: "12.50")!)
            }, email: "buyer-\(tag)-\(index % 20)@example.test")
        }
    }

    /// Waits until every order number's first message (its `order.created`) is delivered;
    /// returns, per order, when that message was received and when its sale was confirmed. (The
    /// reference written back to the order makes WooCommerce send an `order.updated` too, which
    /// finds the sale and changes nothing.)
    func waitForSales(_ numbers: [Int], timeout: TimeInterval) throws -> [(received: Date, finished: Date)] {
        let references = numbers.map(String.init).joined(separator: ",")
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let rows = try database.withConnection { connection in
                try connection.query("""
                    SELECT DISTINCT ON (reference) reference, status, received_at, finished_at, error_text FROM messages
                    WHERE source_connection_id = \(shopID) AND reference = ANY(string_to_array(\(references), ','))
                    ORDER BY reference, received_at
                    """).decode((String, String, Date, Date?, String?).self)
            }
            let failed = rows.filter { !["received", "processing", "retrying", "delivered"].contains($0.1) }
            guard failed.isEmpty else {
                throw BenchError("orders did not become sales: \(failed.prefix(3).map { "\($0.0) \($0.1) \($0.4 ?? "")" })")
            }
            let done = rows.filter { $0.1 == "delivered" }
            if done.count == numbers.count { return done.map { ($0.2, $0.3!) } }
            guard Date() < deadline else { throw BenchError("\(done.count) of \(numbers.count) orders were sales after \(Int(timeout)) s") }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// The peer: orders placed in the peer's shop (`placeOrders(_:in: peerStore)`) straight into
    /// Tryton, `threads` at a time; the elapsed time and each order's seconds.
    func postDirectly(_ numbers: [Int], threads: Int) throws -> (elapsed: Double, latencies: [Double]) {
        let shopReader = try WooCommerceConnector(configuration: ConnectionConfiguration(
            settings: ["store_url": peerStore.storeURL, "consumer_key": shopConfiguration.consumerKey],
            secrets: ["consumer_secret": shopConfiguration.consumerSecret, "webhook_secret": secret]), client: http)
        let orders = try numbers.map { number -> Order in
            guard let order = try shopReader.order(id: String(number)) else { throw BenchError("the shop has no order \(number)") }
            return order
        }
        let latencies = LockedArray(), failures = LockedArray()
        let (erp, tag) = (self.erp, self.tag)
        let started = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in stride(from: thread, to: orders.count, by: threads) {
                let start = ContinuousClock.now
                do {
                    _ = try erp.upsertOrder(orders[index], reference: "DIRECT-\(tag)-\(orders[index].number)")
                    latencies.append((ContinuousClock.now - start).seconds)
                } catch {
                    failures.append(0)
                    say("direct order \(orders[index].number) failed: \(error)")
                }
            }
        }
        guard failures.values.isEmpty else { throw BenchError("\(failures.values.count) direct orders failed") }
        return ((ContinuousClock.now - started).seconds, latencies.values)
    }

    /// Delivers what the shop still has to send (the `order.updated` our reference write-backs
    /// caused) and waits until the server has nothing of this shop in hand, so one phase's echo
    /// does not weigh on the next phase's figures.
    func settle(timeout: TimeInterval) throws {
        store.deliverPendingWebhooks()
        let deadline = Date().addingTimeInterval(timeout)
        while try database.withConnection({ connection in
            try connection.query("""
                SELECT count(*)::int8 FROM messages
                WHERE source_connection_id = \(shopID) AND status IN ('received', 'processing', 'retrying')
                """).single().decode(Int.self, at: 0)
        }) > 0 {
            guard Date() < deadline else { throw BenchError("the server still had messages in hand after \(Int(timeout)) s") }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Orders of the shop that made more than one sale: more than one message reported creating
    /// one (any other found it; every order's message was delivered, `waitForSales`).
    func ordersMadeTwice() throws -> Int {
        try database.withConnection { connection in
            try connection.query("""
                SELECT reference FROM messages WHERE source_connection_id = \(shopID) AND flow = 'order-to-erp'
                GROUP BY reference HAVING count(*) FILTER (WHERE output->>'action' = 'created') > 1
                """).count
        }
    }
}

final class LockedArray: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Double] = []
    func append(_ value: Double) { lock.withLock { storage.append(value) } }
    var values: [Double] { lock.withLock { storage } }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

let burst = try count("BENCH_ORDERS", default: 24)
let paced = try count("BENCH_PACED_ORDERS", default: 6)
let runs = try count("BENCH_RUNS", default: 3)
var bench = try FlowBench()
defer { bench.store.shutdown(); bench.peerStore.shutdown() }
try bench.connect()
let workers = bench.workers

print("command: BENCH_RUNS=\(runs) BENCH_ORDERS=\(burst) BENCH_PACED_ORDERS=\(paced) Tests/Benchmarks/bench-flow.sh")
print("shape: \(burst) orders delivered at once (throughput), then \(paced) one at a time at a quarter of the peer's rate (latency); "
      + "1–3 lines each; \(workers) job workers; the peer posts the same orders with \(workers) threads")

// A first order end to end, before anything is measured.
let warmUp = bench.placeOrders(3)
bench.store.deliverPendingWebhooks()
_ = try bench.waitForSales(warmUp, timeout: 120)
try bench.settle(timeout: 120)
_ = try bench.postDirectly(bench.placeOrders(3, in: bench.peerStore), threads: 1)

var oursPerMinute: [Double] = [], peerPerMinute: [Double] = []
var oursLatencies: [Double] = [], peerLatencies: [Double] = []
for run in 1...runs {
    // Throughput: a burst through the platform, then the same number straight into the ERP.
    let numbers = bench.placeOrders(burst)
    let reports = bench.store.deliverPendingWebhooks()
    let refused = reports.filter { $0.status != 202 }
    guard refused.isEmpty else { throw BenchError("\(refused.count) deliveries were not accepted: \(refused.prefix(3))") }
    let sales = try bench.waitForSales(numbers, timeout: 900)
    let span = sales.map(\.finished).max()!.timeIntervalSince(sales.map(\.received).min()!)
    oursPerMinute.append(Double(burst) / span * 60)
    try bench.settle(timeout: 900)
    let direct = try bench.postDirectly(bench.placeOrders(burst, in: bench.peerStore), threads: workers)
    peerPerMinute.append(Double(burst) / direct.elapsed * 60)
    say(String(format: "run %d/%d: counterpart %.0f orders/min, Tryton directly %.0f orders/min",
               run, runs, oursPerMinute.last!, peerPerMinute.last!))

    // Latency: one order at a time, far below capacity.
    let gap = 4 * direct.elapsed / Double(burst)
    for _ in 0..<paced {
        let number = bench.placeOrders(1)
        bench.store.deliverPendingWebhooks()
        let sale = try bench.waitForSales(number, timeout: 120)[0]
        oursLatencies.append(sale.finished.timeIntervalSince(sale.received))
        try bench.settle(timeout: 120)
        Thread.sleep(forTimeInterval: gap)
    }
    peerLatencies += try bench.postDirectly(bench.placeOrders(paced, in: bench.peerStore), threads: 1).latencies
}

// Every order of the shop made exactly one sale.
let twice = try bench.ordersMadeTwice()
guard twice == 0 else { throw BenchError("\(twice) orders made more than one sale") }

let ours = median(oursPerMinute), peer = median(peerPerMinute)
bench("flow-orders-to-confirmed-sales", ours, "orders/min", peer: "tryton-direct-\(workers)-threads", peer, "orders/min",
      ratio: ours / peer, goal: ">=0.75", met: ours / peer >= 0.75)
for (name, p) in [("p50", 0.5), ("p99", 0.99)] {
    let value = percentile(oursLatencies, p) * 1000, peerValue = percentile(peerLatencies, p) * 1000
    bench("flow-webhook-to-confirmed-sale-\(name)", value, "ms", peer: "tryton-direct-sale-\(name)", peerValue, "ms",
          ratio: value / peerValue, goal: "<=2.00", met: value / peerValue <= 2.0)
}
