import HTTP
import Sockets
import Testing

@Suite struct IPAddressRangeTests {
    @Test func cidrBlocksContainTheirAddressesAndNothingElse() throws {
        let ten = try #require(IPAddressRange(parsing: "10.0.0.0/8"))
        #expect(ten.contains("10.255.3.4"))
        #expect(!ten.contains("11.0.0.1"))
        #expect(ten.contains("::ffff:10.1.2.3"), "an IPv4-mapped IPv6 address is its IPv4 address")
        let local = try #require(IPAddressRange(parsing: "fd00::/8"))
        #expect(local.contains("fd12:3456::1"))
        #expect(!local.contains("fe80::1"))
        let single = try #require(IPAddressRange(parsing: "192.0.2.7"))
        #expect(single.contains("192.0.2.7") && !single.contains("192.0.2.8"))
        #expect(IPAddressRange(parsing: "172.16.5.9/12")?.description == "172.16.0.0/12")
    }

    @Test func malformedRangesAreRefused() {
        for text in ["", "proxy.internal", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "1.2.3"] {
            #expect(IPAddressRange(parsing: text) == nil, "\(text)")
        }
    }
}

@Suite struct ForwardedClientMiddlewareTests {
    /// A router whose only route answers with the address the handler saw.
    static func router(trusting ranges: [String]) -> Router {
        let router = Router()
        router.use(ForwardedClientMiddleware(trustedProxies: ranges.compactMap(IPAddressRange.init(parsing:))))
        router.get("/who", execution: .eventLoop) { .text($0.remoteAddress ?? "-") }
        return router
    }

    static func seen(peer: String, forwardedFor: [String], trusting: [String] = ["10.0.0.0/8"]) -> String {
        var headers = HTTPHeaders()
        for value in forwardedFor { headers.add("X-Forwarded-For", value) }
        var request = Request(method: .get, target: "/who", headers: headers)
        request.remoteAddress = peer
        return String(decoding: router(trusting: trusting).respond(to: request).body, as: UTF8.self)
    }

    @Test func aTrustedProxysHeaderNamesTheClient() {
        #expect(Self.seen(peer: "10.0.0.5:41000", forwardedFor: ["203.0.113.9"]) == "203.0.113.9:0")
    }

    @Test func theClientIsTheRightmostHopThatIsNotATrustedProxy() {
        // The client claimed to be 198.51.100.1; the first proxy saw 203.0.113.9; a second, inner
        // proxy (10.0.0.7) forwarded to us from 10.0.0.5.
        #expect(Self.seen(peer: "10.0.0.5:41000", forwardedFor: ["198.51.100.1, 203.0.113.9", "10.0.0.7"])
                == "203.0.113.9:0")
    }

    @Test func anUntrustedPeerCannotClaimAnotherAddress() {
        #expect(Self.seen(peer: "203.0.113.50:5000", forwardedFor: ["127.0.0.1"]) == "203.0.113.50:5000")
    }

    @Test func aMalformedHopStopsTheWalkAtTheLastGoodAddress() {
        #expect(Self.seen(peer: "10.0.0.5:41000", forwardedFor: ["198.51.100.1, not-an-ip, 10.0.0.9"]) == "10.0.0.9:0")
        #expect(Self.seen(peer: "10.0.0.5:41000", forwardedFor: []) == "10.0.0.5:0")
    }

    @Test func theClientHostDropsThePort() {
        var request = Request(method: .get, target: "/")
        #expect(request.clientHost == nil)
        request.remoteAddress = "192.0.2.7:51234"
        #expect(request.clientHost == "192.0.2.7")
        request.remoteAddress = "[2001:db8::1]:443"
        #expect(request.clientHost == "2001:db8::1")
    }

    @Test func ipv6ClientsAreWrittenInBrackets() {
        #expect(Self.seen(peer: "[fd00::1]:443", forwardedFor: ["2001:db8::42"], trusting: ["fd00::/8"]) == "[2001:db8::42]:0")
    }
}
