import Crypto
import Foundation

/// Checks a WooCommerce webhook delivery before anything trusts it (spec §12.3):
/// `X-WC-Webhook-Signature` must be base64(HMAC-SHA256(secret, raw body)), compared in constant
/// time. The ping WooCommerce sends when a webhook is saved (§12.5) is unsigned: a form body
/// `webhook_id=N` without any `X-WC-Webhook-*` header, recognised as such and nothing else.
struct WooCommerceWebhookVerifier: Sendable {
    /// The webhook's secret as entered in WooCommerce.
    let secret: String?

    /// What a delivery turned out to be.
    enum Verdict: Sendable, Equatable {
        /// The save-time ping of webhook `webhookID`.
        case ping(webhookID: String)
        /// A signed delivery whose signature matches.
        case signed
    }

    func verify(_ delivery: WebhookDelivery) throws(ConnectorError) -> Verdict {
        let hasWebhookHeaders = delivery.headers.keys.contains { $0.hasPrefix("x-wc-webhook-") }
        if !hasWebhookHeaders, let id = Self.pingWebhookID(delivery.body) { return .ping(webhookID: id) }
        guard let received = delivery[header: "X-WC-Webhook-Signature"], !received.isEmpty else {
            throw ConnectorError.permanent("The webhook delivery carries no X-WC-Webhook-Signature; it did not come from the store. Refused.")
        }
        guard let secret, !secret.isEmpty else {
            throw ConnectorError.permanent("A signed WooCommerce delivery arrived but the connection has no webhook secret; "
                + "enter the webhook's secret in the connection.")
        }
        let key = Array(Self.decodingEntities(secret).utf8)
        let expected = Array(Data(HMAC.sha256(key: key, message: delivery.body)).base64EncodedString().utf8)
        guard ConstantTime.equals(expected, Array(received.trimmingCharacters(in: .whitespaces).utf8)) else {
            throw ConnectorError.permanent("The webhook delivery's signature does not match the connection's webhook secret. "
                + "Refused; check that the secret is the one entered on the store's webhook.")
        }
        return .signed
    }

    /// The id in a ping body `webhook_id=<digits>`, or nil for anything else.
    static func pingWebhookID(_ body: [UInt8]) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        guard text.hasPrefix("webhook_id=") else { return nil }
        let id = text.dropFirst("webhook_id=".count)
        guard !id.isEmpty, id.count <= 20, id.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(id)
    }

    /// The secret as WooCommerce signs with it: `wp_specialchars_decode($secret, ENT_QUOTES)`
    /// (spec §12.3), so a secret saved with `&amp;` signs with `&`.
    static func decodingEntities(_ secret: String) -> String {
        guard secret.contains("&") else { return secret }
        var text = secret
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#039;", "'"), ("&#39;", "'"), ("&#x27;", "'"),
                                    ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }
}
