import Crypto
import Foundation
import HTTPClient

/// One delivery the simulator sent, as the receiver answered it.
public struct SimulatedDeliveryReport: Sendable, Hashable {
    /// The webhook.
    public var webhookID: Int
    /// Its topic.
    public var topic: String
    /// The receiver's status, nil when it could not be reached.
    public var status: Int?
}

extension WooCommerceSimulator {
    /// `/webhooks` (spec §12.1): create (always active, ping sent synchronously, the secret
    /// never returned), list, read one and change its status.
    func webhooks(_ request: SimulatorRequest, segments: [String]) -> SimulatorReply {
        let now = clock.epochSeconds
        switch (request.method, segments.count) {
        case ("GET", 1):
            let all = state.withLock { $0.webhooks.values.sorted { $0.id > $1.id } }
            let status = request.value("status") ?? "all"
            return page(all.filter { status == "all" || $0.status == status }.map { $0.json() }, request)
        case ("POST", 1):
            guard let body = request.jsonObject else { return .error(400, "rest_invalid_json", "Invalid JSON body passed.") }
            guard let topic = body["topic"] as? String, SimulatedWebhook.validTopics.contains(topic) else {
                return .error(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.")
            }
            guard let url = body["delivery_url"] as? String, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                return .error(400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
                              "Webhook delivery URL must be a valid URL starting with http:// or https://.")
            }
            let webhook = state.withLock { store in
                let webhook = SimulatedWebhook(id: store.nextWebhookID, name: body["name"] as? String ?? "Webhook", topic: topic,
                                               deliveryURL: url, secret: body["secret"] as? String ?? SecureRandom.token(),
                                               status: "active", created: now)
                store.nextWebhookID += 1
                store.webhooks[webhook.id] = webhook
                return webhook
            }
            // deliver_ping (spec §12.5): form-encoded, unsigned, no X-WC-Webhook-* headers; its
            // outcome does not change the 201.
            var ping = OutboundRequest(method: .post, url: url, body: Array("webhook_id=\(webhook.id)".utf8))
            ping.headers.append(name: "Content-Type", value: "application/x-www-form-urlencoded")
            _ = try? deliveryClient.send(ping)
            return .json(webhook.json(), status: 201)
        case ("GET", 2), ("PUT", 2), ("POST", 2), ("PATCH", 2):
            // One webhook; an update may set its status (spec §12.1) and resets the failure count.
            guard let id = Int(segments[1]) else { return .noRoute }
            let status = request.method == "GET" ? nil : request.jsonObject?["status"] as? String
            if let status, !["active", "paused", "disabled"].contains(status) {
                return .error(400, "rest_invalid_param", "Invalid parameter(s): status")
            }
            let found: SimulatedWebhook? = state.withLock { store in
                guard var webhook = store.webhooks[id] else { return nil }
                if let status {
                    webhook.status = status
                    if status == "active" { webhook.failureCount = 0 }
                    store.webhooks[id] = webhook
                }
                return webhook
            }
            guard let found else { return .error(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.") }
            return .json(found.json())
        default:
            return .noRoute
        }
    }

    /// Runs the Action Scheduler: sends every pending delivery (spec §12.2–§12.4), each with a
    /// payload built now, signed base64(HMAC-SHA256(secret, body)), with WooCommerce's headers
    /// and a delivery id that repeats within one second. No retries; a webhook is disabled when
    /// a delivery fails with its failure count already above 5.
    @discardableResult
    public func deliverPendingWebhooks() -> [SimulatedDeliveryReport] {
        let now = clock.epochSeconds
        let work: [(SimulatedWebhook, String, [UInt8])] = state.withLock { store in
            defer { store.pendingDeliveries.removeAll() }
            return store.pendingDeliveries.compactMap { pending in
                guard let webhook = store.webhooks[pending.webhookID], webhook.status == "active" else { return nil }
                let payload: Any?
                switch pending.topic.split(separator: ".").first {
                case "product": payload = store.products[pending.recordID]?.json(baseURL: homeURL, context: "view")
                case "order": payload = store.orders[pending.recordID]?.json(baseURL: homeURL)
                case "customer": payload = store.customers[pending.recordID]?.json(baseURL: homeURL)
                default: payload = nil
                }
                let object = pending.topic.hasSuffix(".deleted") ? ["id": pending.recordID] : (payload ?? ["id": pending.recordID])
                guard let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
                return (webhook, pending.topic, Array(data))
            }
        }
        var reports: [SimulatedDeliveryReport] = []
        for (webhook, topic, body) in work {
            let status = send(body, topic: topic, for: webhook, at: now)
            reports.append(SimulatedDeliveryReport(webhookID: webhook.id, topic: topic, status: status))
            state.withLock { store in
                guard var current = store.webhooks[webhook.id] else { return }
                if let status, (200...302).contains(status) {
                    current.failureCount = 0
                } else {
                    if current.failureCount > 5 { current.status = "disabled" }
                    current.failureCount += 1
                }
                store.webhooks[webhook.id] = current
            }
        }
        return reports
    }

    /// Sends one signed delivery; the receiver's status, or nil when it could not be reached.
    func send(_ body: [UInt8], topic: String, for webhook: SimulatedWebhook, at now: Int64) -> Int? {
        let parts = topic.split(separator: ".").map(String.init)
        let signature = Data(HMAC.sha256(key: Array(webhook.secret.utf8), message: body)).base64EncodedString()
        // wp_hash(webhook_id . strtotime('now')): the same id for two deliveries in one second.
        let deliveryID = String(Hex.encode(SHA256.hash(Array("\(webhook.id)\(now)".utf8))).prefix(32))
        var request = OutboundRequest(method: .post, url: webhook.deliveryURL, body: body)
        for (name, value) in [("Content-Type", "application/json"), ("X-WC-Webhook-Source", homeURL + "/"),
                              ("X-WC-Webhook-Topic", topic), ("X-WC-Webhook-Resource", parts[0]), ("X-WC-Webhook-Event", parts[1]),
                              ("X-WC-Webhook-Signature", signature), ("X-WC-Webhook-ID", String(webhook.id)),
                              ("X-WC-Webhook-Delivery-ID", deliveryID)] {
            request.headers.append(name: name, value: value)
        }
        return (try? deliveryClient.send(request))?.status
    }
}
