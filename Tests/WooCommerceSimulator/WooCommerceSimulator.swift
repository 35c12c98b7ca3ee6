import Foundation
import HTTP
import HTTPClient
import Logging
import Synchronization

/// A WooCommerce 11 store's REST API v3 and webhooks, simulated on our own HTTP server on a
/// free loopback port, after `../shared/specs/woocommerce.md` and the responses captured from a
/// real store: the same routes, status codes, error bodies, pagination headers, authentication
/// rules and webhook deliveries (signed, with the real headers). Faults can be injected into the
/// next requests: an error status with `Retry-After`, a slow answer, a dropped connection.
///
/// A test fixture, not a mock: it keeps state, enforces WooCommerce's rules (SKU uniqueness
/// across products and variations, `per_page` ≤ 100, batch ≤ 100, exclusive `modified_after`)
/// and answers exactly what it was asked, so a connector that passes here talks to a store.
public final class WooCommerceSimulator: Sendable {
    /// How the store is set up.
    public struct Configuration: Sendable {
        /// The API key (`ck_` + 40 hex).
        public var consumerKey = "ck_0123456789abcdef0123456789abcdef01234567"
        /// Its secret (`cs_` + 40 hex).
        public var consumerSecret = "cs_76543210fedcba9876543210fedcba9876543210"
        /// `read`, `write` or `read_write`.
        public var permissions = "read_write"
        /// Whether WordPress sees requests as HTTPS (`is_ssl()`, e.g. behind a TLS-terminating
        /// proxy): then the query keys and HTTP Basic are accepted; OAuth always is.
        public var isSecure = false
        /// `woocommerce_currency`.
        public var currency = "EUR"
        /// Whether a relay in front of the server can drop connections (``SimulatorFault/drop``).
        public var dropsConnections = false

        /// The defaults: a plain-http store with a read/write key, in euros.
        public init() {}
    }

    /// The configuration.
    public let configuration: Configuration
    /// The store's clock.
    public let clock: SimulatedClock
    let state = Mutex(SimulatedStore())
    let faults = FaultQueue()
    private let server: HTTPServer
    private let relay: DroppingRelay?
    private let serverPort: Int
    let deliveryClient: HTTPClient

    /// Starts a store on a free loopback port.
    public init(configuration: Configuration = Configuration(), clock: SimulatedClock = SimulatedClock()) throws {
        self.configuration = configuration
        self.clock = clock
        deliveryClient = try HTTPClient(configuration: .init(totalTimeout: .seconds(60), userAgent: "WooCommerce/11.0.1 Hookshot (WordPress/7.0.4)"))
        let quiet = Logger(label: "woocommerce-simulator") { _ in SwiftLogNoOpLogHandler() }
        let router = Router(logger: quiet)
        var serverConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0)
        serverConfiguration.eventLoopCount = 1
        serverConfiguration.handlerThreads = 8
        server = HTTPServer(configuration: serverConfiguration, responder: router, logger: quiet)
        try server.start()
        serverPort = Int(server.port)
        relay = configuration.dropsConnections ? try DroppingRelay(targetPort: serverPort) : nil
        let handler: Handler = { [weak self] request in
            guard let self else { return Response(status: .serviceUnavailable) }
            return self.respond(to: request)
        }
        for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
            router.on(method, "/", handler)
            router.on(method, "/*path", handler)
        }
    }

    deinit { shutdown() }

    /// The store's home URL, `http://127.0.0.1:<port>` (the relay's port when it drops
    /// connections): what a connection is configured with and what OAuth signs against.
    public var storeURL: String { "http://127.0.0.1:\(relay?.port ?? serverPort)" }

    /// Stops the server (and relay).
    public func shutdown() {
        relay?.stop()
        server.shutdown()
    }

    /// Injects `fault` into the next `times` API requests.
    public func inject(_ fault: SimulatorFault, times: Int = 1) { faults.add(fault, times: times) }

    /// The API requests received, `METHOD /wc/v3/route`, in order.
    public var requestLog: [String] { state.withLock { $0.requestLog } }

    /// The home URL as WooCommerce builds it for links and signatures (the request's scheme).
    var homeURL: String {
        (configuration.isSecure ? "https" : "http") + "://127.0.0.1:\(relay?.port ?? serverPort)"
    }

    private func respond(to request: Request) -> Response {
        let parsed = SimulatorRequest(request)
        let reply = answer(parsed, remoteAddress: request.remoteAddress)
        var response = Response(status: HTTPStatus(code: reply.status), body: reply.body)
        response.headers.set("Content-Type", "application/json; charset=UTF-8")
        if !reply.headers.contains(where: { $0.0 == "Link" }) {
            response.headers.add("Link", "<\(homeURL)/wp-json/>; rel=\"https://api.w.org/\"")
        }
        for (name, value) in reply.headers { response.headers.add(name, value) }
        return response
    }

    private func answer(_ request: SimulatorRequest, remoteAddress: String?) -> SimulatorReply {
        state.withLock { $0.requestLog.append("\(request.method) \(request.route)") }
        if let fault = faults.next() {
            switch fault {
            case .status(let status, let retryAfter):
                var reply = SimulatorReply.error(status, status == 429 ? "too_many_requests" : "internal_server_error",
                                                 status == 429 ? "Too many requests." : "There has been a critical error on this website.")
                if let retryAfter { reply.headers.append(("Retry-After", String(retryAfter))) }
                return reply
            case .delay(let delay):
                Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
            case .drop:
                relay?.drop(connectionFrom: remoteAddress)
                return .error(500, "dropped", "The connection was dropped.")
            }
        }
        guard let segments = request.segments else {
            return request.route.isEmpty && request.requestPath == "/" ? .error(404, "rest_no_route", "No route.") : .noRoute
        }
        let authentication = SimulatedAuthentication(consumerKey: configuration.consumerKey, consumerSecret: configuration.consumerSecret,
                                                     permissions: configuration.permissions, isSecure: configuration.isSecure,
                                                     homeURL: homeURL)
        let now = clock.epochSeconds
        let refusal = state.withLock { store in
            authentication.check(method: request.method, path: request.requestPath, query: request.query, headers: request.headers,
                                 body: request.body, now: now) { nonce, timestamp in
                store.nonces = store.nonces.filter { now - $0.value < 15 * 60 }
                guard store.nonces[nonce] == nil else { return false }
                store.nonces[nonce] = timestamp
                return true
            }
        }
        if let refusal { return refusal }
        return route(request, segments: segments)
    }

    private func route(_ request: SimulatorRequest, segments: [String]) -> SimulatorReply {
        let id = segments.count > 1 ? Int(segments[1]) : nil
        switch (request.method, segments.first ?? "") {
        case (_, "products"): return products(request, segments: segments)
        case ("GET", "variations") where segments.count == 1: return allVariations(request)
        case (_, "orders"): return orders(request, segments: segments)
        case (_, "customers"): return customers(request, segments: segments, id: id)
        case (_, "webhooks"): return webhooks(request, segments: segments)
        case ("GET", "system_status") where segments.count == 1: return systemStatus(request)
        case ("GET", "settings") where segments == ["settings", "general", "woocommerce_currency"]: return currencySetting()
        default: return .noRoute
        }
    }

    /// One page of a collection with WooCommerce's headers (spec §4): `per_page` 1…100,
    /// `X-WP-Total`, `X-WP-TotalPages` (0 when empty), one `Link` with `prev`/`next`, and 200
    /// `[]` past the end.
    func page(_ items: [[String: Any]], _ request: SimulatorRequest, allow: String = "GET, POST") -> SimulatorReply {
        var perPage = 10
        if let text = request.value("per_page") {
            guard let number = Int(text) else {
                return .invalidParameter("per_page", "rest_invalid_type", "per_page is not of type integer.")
            }
            guard (1...100).contains(number) else {
                return .invalidParameter("per_page", "rest_out_of_bounds", "per_page must be between 1 (inclusive) and 100 (inclusive)")
            }
            perPage = number
        }
        let page = Int(request.value("page") ?? "1") ?? 1
        guard page >= 1 else { return .invalidParameter("page", "rest_out_of_bounds", "page must be greater than or equal to 1") }
        let totalPages = (items.count + perPage - 1) / perPage
        let start = min((page - 1) * perPage, items.count)
        let slice = Array(items[start..<min(start + perPage, items.count)])
        var headers = [("X-WP-Total", String(items.count)), ("X-WP-TotalPages", String(totalPages)), ("Allow", allow)]
        var links: [String] = []
        let base = homeURL + (request.requestPath == "/" ? "/" : request.requestPath)
        func link(_ number: Int) -> String {
            let pairs = request.linkQuery.map { ($0.0, $0.0 == "dates_are_gmt" && $0.1 == "true" ? "1" : $0.1) } + [("page", String(number))]
            return base + "?" + pairs.map { SimulatedAuthentication.rawURLEncode($0.0) + "=" + SimulatedAuthentication.rawURLEncode($0.1) }
                .joined(separator: "&")
        }
        if page > 1 { links.append("<\(link(min(page - 1, max(totalPages, 1))))>; rel=\"prev\"") }
        if totalPages > page { links.append("<\(link(page + 1))>; rel=\"next\"") }
        if !links.isEmpty { headers.append(("Link", links.joined(separator: ", "))) }
        return .json(slice, headers: headers)
    }

    /// Orders `items` by `orderby`/`order`, checking the value against the route's enum.
    func sorted<Item>(_ items: [Item], _ request: SimulatorRequest, allowed: [String], defaultOrderBy: String, defaultOrder: String,
                      keys: (Item, String) -> (Int64, Int)) -> Result<[Item], SimulatorReply> {
        let orderBy = request.value("orderby") ?? defaultOrderBy
        guard allowed.contains(orderBy) else {
            return .failure(.invalidParameter("orderby", "rest_not_in_enum", "orderby is not one of \(allowed.joined(separator: ", "))."))
        }
        let order = request.value("order") ?? defaultOrder
        guard ["asc", "desc"].contains(order) else {
            return .failure(.invalidParameter("order", "rest_not_in_enum", "order is not one of asc and desc."))
        }
        // `date` and `modified` get ` ID` appended as a tie-break (prepare_objects_query).
        let ascending = items.sorted { keys($0, orderBy) < keys($1, orderBy) }
        return .success(order == "asc" ? ascending : ascending.reversed())
    }

    /// `modified_after`/`modified_before` as exclusive bounds on the modification time, or the
    /// 400 for a value that is not a date-time.
    func modifiedBounds(_ request: SimulatorRequest) -> Result<(after: Int64?, before: Int64?), SimulatorReply> {
        var bounds: (after: Int64?, before: Int64?) = (nil, nil)
        for name in ["modified_after", "modified_before"] {
            guard let text = request.value(name) else { continue }
            guard let seconds = SimulatedClock.seconds(text) else {
                return .failure(.invalidParameter(name, "rest_invalid_date", "Invalid date."))
            }
            if name == "modified_after" { bounds.after = seconds } else { bounds.before = seconds }
        }
        return .success(bounds)
    }

    private func systemStatus(_ request: SimulatorRequest) -> SimulatorReply {
        .json([
            "environment": ["home_url": homeURL, "site_url": homeURL, "version": "11.0.1", "wp_version": "7.0.4",
                            "server_info": "WooCommerce simulator"],
            "settings": ["currency": configuration.currency, "currency_symbol": "€"],
        ])
    }

    private func currencySetting() -> SimulatorReply {
        .json(["id": "woocommerce_currency", "label": "Currency", "type": "select", "default": "USD",
               "value": configuration.currency, "group_id": "general"])
    }
}
