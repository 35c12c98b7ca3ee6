import Crypto
public import Foundation
public import HTTPClient
public import Tenancy

/// Alerts into a chat tool's incoming webhook, in Slack's format (`{"text": …, "blocks": […]}`,
/// which Mattermost and others accept too), sent with HTTPClient.
///
/// Signed like our outbound webhook connector, with Crypto's WebhookSignature:
/// `Counterpart-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 (RFC 2104) of "<t>.<body>">`,
/// keyed with the contact's signing secret, so a receiver can refuse forged and replayed posts.
public struct WebhookAlertChannel: AlertChannel {
    /// The HTTP client.
    public let client: HTTPClient
    /// The clock for the signature's timestamp.
    public let now: @Sendable () -> Date

    /// A channel posting with `client`.
    public init(client: HTTPClient, now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        self.now = now
    }

    /// Posts the notice; a non-2xx answer is a failure carrying the status.
    public func deliver(_ notice: AlertNotice, to contact: AlertContact, signingSecret: SecretValue?) throws {
        let body = try Self.body(notice)
        var headers = OutboundHeaders()
        headers.append(name: "Content-Type", value: "application/json")
        if let signingSecret {
            headers.append(name: WebhookSignature.headerName,
                           value: WebhookSignature.header(secret: signingSecret.revealBytes(),
                                                          timestamp: Int(now().timeIntervalSince1970), body: body))
        }
        let response = try client.send(OutboundRequest(method: .post, url: contact.address, headers: headers, body: body))
        _ = try response.requireSuccess()
    }

    /// Slack's incoming-webhook message: `text` as the notification fallback, and blocks with
    /// the heading and the summary (Block Kit `header` and `section` with mrkdwn).
    static func body(_ notice: AlertNotice) throws -> [UInt8] {
        let message = SlackMessage(text: notice.subjectLine, blocks: [
            SlackMessage.Block(type: "header", text: .init(type: "plain_text", text: String(notice.subjectLine.prefix(150)))),
            SlackMessage.Block(type: "section", text: .init(type: "mrkdwn", text: Self.escapeMarkdown(notice.alert.summary))),
            SlackMessage.Block(type: "context", text: nil, elements: [
                .init(type: "mrkdwn", text: Self.escapeMarkdown("\(notice.brand.productName) · rule “\(notice.alert.ruleName)”")),
            ]),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(message))
    }

    /// Slack's mrkdwn needs `&`, `<` and `>` escaped (Slack API docs, "Formatting text": escaping).
    static func escapeMarkdown(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// The JSON of a Slack incoming-webhook post.
struct SlackMessage: Encodable {
    struct Text: Encodable {
        var type: String
        var text: String
    }

    struct Block: Encodable {
        var type: String
        var text: Text?
        var elements: [Text]?

        init(type: String, text: Text?, elements: [Text]? = nil) {
            self.type = type
            self.text = text
            self.elements = elements
        }
    }

    var text: String
    var blocks: [Block]
}
