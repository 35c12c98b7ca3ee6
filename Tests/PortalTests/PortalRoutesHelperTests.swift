import HTTP
@testable import Portal
import Testing

@Suite struct PortalRoutesHelperTests {
    @Test func theClientAddressDropsThePortForIPv4AndIPv6() {
        func address(_ remote: String?) -> String {
            var request = Request(method: .get, target: "/")
            request.remoteAddress = remote
            return PortalRoutes.clientAddress(request)
        }
        #expect(address("192.0.2.7:51234") == "192.0.2.7")
        #expect(address("[2001:db8::1]:443") == "2001:db8::1")
        #expect(address(nil) == "unknown")
    }

    @Test func nextIsPercentEncodedWholeSoItStaysOneQueryValue() {
        #expect(PortalRoutes.percentEncoded("/") == "%2F")
        #expect(PortalRoutes.percentEncoded("/flows?a=1&b=2") == "%2Fflows%3Fa%3D1%26b%3D2")
        #expect(PortalRoutes.percentEncoded("/caf\u{E9}") == "%2Fcaf%C3%A9")
    }

    @Test func retryAfterRoundsUpToWholeSecondsAndIsNeverZero() {
        #expect(PortalRoutes.wholeSeconds(.seconds(300)) == 300)
        #expect(PortalRoutes.wholeSeconds(.milliseconds(300_001)) == 301)
        #expect(PortalRoutes.wholeSeconds(.zero) == 1)
    }

    @Test func onlyLocalPathsAreKeptAsNext() {
        #expect(PortalRoutes.safeNext("/flows") == "/flows")
        #expect(PortalRoutes.safeNext("//evil.example") == nil)
        #expect(PortalRoutes.safeNext("https://evil.example") == nil)
    }
}
