import Crypto
import Foundation
import HTTPClient
import Monitoring
import Postgres
import Tenancy
import Testing
import TestSupport

/// Alerts leaving the building: e-mail to a real SMTP server (aiosmtpd on loopback) in the
/// partner's brand, and a Slack-format webhook to our own signed-delivery endpoint, verified
/// as a receiver would.
@Suite(.enabled(if: SMTPSink.shouldRun, "aiosmtpd is not installed in the tests' venv (deploy/local/setup.sh tests)"))
struct AlertDeliveryTests {
    let t0 = wednesdayMorning

    func brandAndRule(_ world: AlertWorld) throws {
        _ = try world.db.asCaller(world.admin) { connection, caller in
            try PartnerBrandings.update(BrandingSettings(productName: "Acme Connect", primaryColour: "#0A7C59",
                                                         accentColour: "#B4235A", supportEmail: "help@acme.example"),
                                        rules: BrandingRules(), by: caller, on: connection)
        }
        try world.rule(NewAlertRule(name: "Dead orders", scope: .flow, customerID: world.customerID, flow: "order-to-erp",
                                    kind: .deadMessages, threshold: 1, windowMinutes: 60))
        try world.world.message(receivedAt: t0.plus(minutes: -5), ending: .dead)
        try world.world.fold()
    }

    @Test func alertMailReachesARealSMTPServerInThePartnersBrand() throws {
        let sink = try SMTPSink()
        try AlertWorld.with { world in
            try brandAndRule(world)
            try world.contact(NewAlertContact(position: 1, channel: .email, address: "ops@shop.example"))
            let email = EmailAlertChannel(smtp: try SMTPClient(url: sink.url), from: "alerts@counterpart.example", now: { t0 })
            let report = try world.evaluator(channels: AlertChannels(email: email, webhook: nil)).run(at: t0)
            #expect(report.sent == 1 && report.failed == 0)

            let mail = try #require(try sink.messages().first)
            #expect(mail.contains("X-Envelope-To: ops@shop.example"))
            #expect(mail.contains("From: \"Acme Connect\" <alerts@counterpart.example>"))
            #expect(mail.contains("Subject: [Order capture] Shop ")
                    || mail.contains("Subject: =?UTF-8?B?"))
            #expect(mail.contains("Content-Type: multipart/alternative;"))
            let parts = MIMEParts(mail)
            let text = try #require(parts["text/plain"])
            let html = try #require(parts["text/html"])
            #expect(text.contains(": 1 dead messages in the last 60 minutes"))
            #expect(text.contains("— Acme Connect"))
            #expect(html.contains("background:#0a7c59"))
            #expect(html.contains("background:#b4235a"))
            #expect(html.contains(">Acme Connect</div>"))
            #expect(html.contains(": 1 dead messages in the last 60 minutes"))
        }
    }

    @Test func refusedRecipientIsRecordedWithTheServersReplyCode() throws {
        let sink = try SMTPSink()
        try AlertWorld.with { world in
            try brandAndRule(world)
            try world.contact(NewAlertContact(position: 1, channel: .email, address: "nobody@refused.test"))
            let email = EmailAlertChannel(smtp: try SMTPClient(url: sink.url), from: "alerts@counterpart.example")
            #expect(try world.evaluator(channels: AlertChannels(email: email, webhook: nil)).run(at: t0).failed == 1)
            let alert = try #require(try world.alerts(.open).first)
            let failure = try #require(try world.history(alert.id).first)
            #expect(!failure.succeeded && failure.error?.contains("550") == true)
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test func webhookNoticeIsSlackFormatAndCarriesAValidSignature() throws {
        let receiver = try SignedDeliveryEndpoint()
        try AlertWorld.with { world in
            try brandAndRule(world)
            let secret = "whsec-" + String(repeating: "k", count: 26)
            let contact = try world.contact(NewAlertContact(position: 1, channel: .webhook, address: receiver.url), secret: secret)
            #expect(contact.hasSigningSecret)
            let webhook = WebhookAlertChannel(client: try HTTPClient(), now: { t0 })
            #expect(try world.evaluator(channels: AlertChannels(email: nil, webhook: webhook)).run(at: t0).sent == 1)

            let delivery = try #require(receiver.deliveries.first)
            #expect(delivery.contentType == "application/json")
            // As a receiver checks it: t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<body>")).
            let timestamp = Int(t0.timeIntervalSince1970)
            let expected = Hex.encode(HMAC.sha256(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + delivery.body))
            #expect(delivery.signature == "t=\(timestamp),v1=\(expected)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any])
            let text = try #require(json["text"] as? String)
            #expect(text.hasPrefix("[Order capture] Shop ") && text.contains(": Dead messages — order-to-erp"))
            let blocks = try #require(json["blocks"] as? [[String: Any]])
            #expect(blocks.map { $0["type"] as? String } == ["header", "section", "context"])
            // The secret is sealed in `secrets`, never stored in the contact's row.
            #expect(try world.count("secrets") == 1)
            let row = try world.db.owner.query(PostgresQuery(unsafeSQL: "SELECT alert_contacts::text FROM alert_contacts", binds: []))
                .single().decode(String.self, at: 0)
            #expect(!row.contains(secret))
        }
    }
}

/// The decoded parts of a multipart mail by content type (base64 parts, as AlertMail writes).
struct MIMEParts {
    private var parts: [String: String] = [:]

    init(_ mail: String) {
        let lines = mail.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var type: String?
        var inBody = false
        var body = ""
        for line in lines {
            if line.hasPrefix("--=_counterpart_") {
                if let type, let data = Data(base64Encoded: body, options: .ignoreUnknownCharacters) {
                    parts[type] = String(decoding: data, as: UTF8.self)
                }
                type = nil; inBody = false; body = ""
            } else if line.hasPrefix("Content-Type: text/") {
                type = String(line.dropFirst("Content-Type: ".count).prefix { $0 != ";" })
            } else if type != nil && !inBody && line.isEmpty {
                inBody = true
            } else if inBody {
                body += line
            }
        }
    }

    subscript(type: String) -> String? { parts[type] }
}
