import Portal
import Tenancy
import Testing

@Suite struct PortalConfigurationTests {
    @Test func theDefaultsAreValidAndTLSFollowsThePublicURL() throws {
        try PortalConfiguration().validate()
        #expect(PortalConfiguration().servedOverTLS == false)
        #expect(PortalConfiguration(publicURL: "https://portal.example").servedOverTLS == true)
    }

    @Test func badSettingsAreAllNamed() {
        let configuration = PortalConfiguration(baseDomain: "", publicURL: "ftp://x", resetCookieLifetime: 5,
                                                now: { .now })
        let error = #expect(throws: PortalConfigurationError.self) { try configuration.validate() }
        #expect(error?.problems.map(\.field) == ["base_domain", "public_url", "reset_cookie_lifetime"])
    }

    @Test func tlsMustMatchWhatBrowsersSee() {
        let configuration = PortalConfiguration(publicURL: "https://portal.example", servedOverTLS: false)
        let error = #expect(throws: PortalConfigurationError.self) { try configuration.validate() }
        #expect(error?.problems.map(\.field) == ["served_over_tls"])
    }

    @Test func thePoliciesProblemsAreIncluded() {
        var configuration = PortalConfiguration()
        configuration.sessionPolicy.idleTimeout = .zero
        let error = #expect(throws: PortalConfigurationError.self) { try configuration.validate() }
        #expect(error?.problems.contains { $0.field == "idle_timeout" } == true)
    }
}
