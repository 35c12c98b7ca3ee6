import Foundation
import HTTPClient

/// WooCommerce's error body, `{"code","message","data":{"status",…}}` (spec §6; WordPress
/// `rest_convert_error_to_response`). `data` is sometimes a bare status number (refunds).
struct WooCommerceErrorReply: Sendable, Hashable, Decodable {
    /// The machine-readable code, e.g. `product_invalid_sku`.
    let code: String
    /// WooCommerce's sentence.
    let message: String
    /// `data.resource_id` of `product_invalid_sku`: the product already holding the SKU.
    let resourceID: Int?

    private enum CodingKeys: String, CodingKey { case code, message, data }
    private enum DataKeys: String, CodingKey { case resource_id }

    init(code: String, message: String, resourceID: Int? = nil) {
        self.code = code
        self.message = message
        self.resourceID = resourceID
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        message = (try? container.decode(String.self, forKey: .message)) ?? ""
        let data = try? container.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
        resourceID = try? data?.decodeIfPresent(Int.self, forKey: .resource_id)
    }

    /// The error body of `response`, when it is WooCommerce's JSON.
    init?(_ response: OutboundResponse) {
        guard let reply = try? JSONDecoder().decode(WooCommerceErrorReply.self, from: Data(response.body)) else { return nil }
        self = reply
    }

    /// Whether the code says the id names no record (`woocommerce_rest_product_invalid_id`,
    /// `woocommerce_rest_shop_order_invalid_id`, `…_invalid_order_id`).
    var isUnknownID: Bool { code.hasSuffix("_invalid_id") || code == "woocommerce_rest_invalid_order_id" }

    /// Whether the code says the SKU is taken (spec §6, §7: SKUs are unique across products
    /// and variations; a create that lost a race answers this).
    var isDuplicateSKU: Bool { code == "product_invalid_sku" || code == "woocommerce_rest_product_not_created" }

    /// Classes a non-2xx answer the way the worker pool decides on it (DESIGN.md):
    /// 429 and 5xx transient with `Retry-After`; 401/403 permanent naming the key problem;
    /// `rest_no_route` permanent (not the API); a batch over the store's limit permanent
    /// (lower the batch size); other 4xx business with WooCommerce's code and message.
    static func classify(_ response: OutboundResponse, while action: String) -> ConnectorError {
        let reply = WooCommerceErrorReply(response)
        let upstream = UpstreamReply(status: response.status, body: response.body)
        let said = reply.map { " WooCommerce said \($0.code): \($0.message)" } ?? ""
        switch response.status {
        case 401:
            // Spec §3: a wrong secret, a bad OAuth signature, timestamp or nonce, a key without
            // the right permission, or (plain http) keys sent as Basic, which WooCommerce ignores.
            return .permanent("WooCommerce refused our consumer key (HTTP 401) \(action).\(said) Check the consumer key and secret "
                + "under WooCommerce › Settings › Advanced › REST API, that the key has Read/Write permission, and that the store URL's "
                + "scheme (http or https) is the store's own.", upstream: upstream)
        case 403:
            return .permanent("The key's WordPress user may not do this (HTTP 403) \(action).\(said) Give the key to a Shop manager "
                + "or Administrator with Read/Write permission.", upstream: upstream)
        case 413:
            return .permanent("The store accepts fewer items per batch (HTTP 413) \(action).\(said) Lower the connection's batch size.",
                              upstream: upstream)
        case 404 where reply?.code == "rest_no_route" || reply == nil:
            return .permanent("The store URL does not lead to the WooCommerce REST API v3 (HTTP 404) \(action).\(said) Check the store "
                + "URL, that WooCommerce is active, and the permalinks setting.", upstream: upstream)
        case 500 where reply?.code == "woocommerce_rest_cannot_create_order_refund":
            // Spec §10: WooCommerce refuses a refund amount with HTTP 500; retrying will not help.
            return .business("WooCommerce refused the refund (HTTP 500) \(action).\(said)", upstream: upstream)
        case 408, 429, 500...599:
            let what = response.status == 429 ? "The store is limiting our rate" : "The store failed or is unavailable"
            return .transient("\(what) (HTTP \(response.status)) \(action).\(said)", upstream: upstream, retryAfter: response.retryAfter)
        case 400...499:
            return .business("WooCommerce refused the request (HTTP \(response.status)) \(action).\(said)", upstream: upstream)
        default:
            return ConnectorError.classifying(response, while: action)
        }
    }
}
