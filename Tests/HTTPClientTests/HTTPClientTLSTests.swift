import Testing
import HTTPClient

/// TLS against a real `openssl s_server` on loopback with a certificate made for each test.
@Suite struct HTTPClientTLSTests {
    @Test func refusesASelfSignedCertificateItDoesNotTrust() throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPClient()

        let error = try #require(throws: HTTPClientError.self) {
            try client.send(OutboundRequest(url: server.baseURL + "/"))
        }
        #expect(error.kind == .tls)
        #expect(!error.isTransient)
        #expect(error.detail.contains("certificate"))
    }

    @Test func talksToTheServerWhenItsCertificateIsTheConfiguredCA() throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(caBundlePath: server.certificatePath))

        let response = try client.send(OutboundRequest(url: server.baseURL + "/")).requireSuccess()
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/html")
        #expect(response.text.contains("s_server"))
    }

    @Test func refusesATrustedCertificateIssuedForAnotherHost() throws {
        let server = try TLSTestServer(subjectAltName: "DNS:erp.example")
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(caBundlePath: server.certificatePath))

        let error = try #require(throws: HTTPClientError.self) {
            try client.send(OutboundRequest(url: server.baseURL + "/"))
        }
        #expect(error.kind == .tls)
        #expect(error.detail.contains("127.0.0.1"))
    }

    @Test func abortsABodyOfUnannouncedLengthOnceItPassesTheLimit() throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(caBundlePath: server.certificatePath, maxResponseBodySize: 64))

        let error = try #require(throws: HTTPClientError.self) {
            try client.send(OutboundRequest(url: server.baseURL + "/"))
        }
        #expect(error.kind == .responseTooLarge)
        #expect(error.detail.contains("64 bytes"))
    }
}
