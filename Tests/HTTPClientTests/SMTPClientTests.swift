import Foundation
import HTTPClient
import Testing
import TestSupport

/// SMTPClient against a real SMTP server (aiosmtpd on loopback) and a refused port.
@Suite(.enabled(if: SMTPSink.shouldRun, "aiosmtpd is not installed in the tests' venv (deploy/local/setup.sh tests)"))
struct SMTPClientTests {
    static let message = Array("""
        From: <alerts@counterpart.example>\r
        To: <ops@shop.example>\r
        Subject: Disk full\r
        \r
        The disk is full.\r
        .leading dot stays\r

        """.utf8)

    @Test func deliversOneMessageToEveryRecipientWithTheEnvelopeGiven() throws {
        let sink = try SMTPSink()
        let client = try SMTPClient(url: sink.url)
        try client.send(from: "alerts@counterpart.example", to: ["ops@shop.example", "cto@shop.example"], message: Self.message)
        let received = try sink.messages()
        #expect(received.count == 1)
        let mail = try #require(received.first)
        #expect(mail.contains("X-Envelope-From: alerts@counterpart.example\r\n"))
        #expect(mail.contains("X-Envelope-To: ops@shop.example,cto@shop.example\r\n"))
        #expect(mail.contains("Subject: Disk full\r\n"))
        // RFC 5321 §4.5.2: libcurl dot-stuffs, the server un-stuffs — the line arrives intact.
        #expect(mail.contains("\r\n.leading dot stays\r\n"))
    }

    @Test func reusesTheClientForASecondMessage() throws {
        let sink = try SMTPSink()
        let client = try SMTPClient(url: sink.url)
        try client.send(from: "a@counterpart.example", to: ["b@shop.example"], message: Self.message)
        try client.send(from: "a@counterpart.example", to: ["c@shop.example"], message: Self.message)
        #expect(try sink.messages().count == 2)
    }

    @Test func refusedRecipientIsAPermanentRefusalWithTheReplyCode() throws {
        let sink = try SMTPSink()
        let client = try SMTPClient(url: sink.url)
        let error = try #require(throws: SMTPError.self) {
            try client.send(from: "alerts@counterpart.example", to: ["nobody@refused.test"], message: Self.message)
        }
        #expect(error.kind == .refused && error.replyCode == 550 && !error.isTransient)
        #expect(try sink.messages().isEmpty)
    }

    @Test func refusedConnectionIsTransientAndNamesTheServerWithoutCredentials() throws {
        let port = try ReservedPort()
        let client = try SMTPClient(url: "smtp://alerts:s3cret@127.0.0.1:\(port.port)",
                                    configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(10)))
        let error = try #require(throws: SMTPError.self) {
            try client.send(from: "alerts@counterpart.example", to: ["ops@shop.example"], message: Self.message)
        }
        #expect(error.kind == .connection && error.isTransient)
        #expect(error.server == "smtp://127.0.0.1:\(port.port)")
        #expect(!error.description.contains("s3cret"))
    }

    @Test func refusesURLsThatAreNotSMTPAndAddressesThatCouldInjectCommands() throws {
        #expect(throws: SMTPError.self) { try SMTPClient(url: "http://127.0.0.1:25") }
        #expect(throws: SMTPError.self) { try SMTPClient(url: "file:///etc/passwd") }
        let client = try SMTPClient(url: "smtp://127.0.0.1:1")
        let error = try #require(throws: SMTPError.self) {
            try client.send(from: "a@b.example", to: ["ops@shop.example>\r\nRCPT TO:<x@evil.example"], message: Self.message)
        }
        #expect(error.kind == .invalidRequest)
    }
}
