import Foundation
import HTTP
import HTTPClient
import Portal
import Tenancy
import Testing
import TestSupport

/// Issue 5 §7 in the portal: a form built from the connector's descriptor, credentials that
/// go in and never come out, and "Test connection" that really calls the system.
@Suite struct ConnectionPagesTests {
    static let secret = "portal-signing-secret-0001"

    @Test func anAdminConnectsASystemAndTestsItFromThePortal() throws {
        let receiver = try SignedDeliveryEndpoint()
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let customerPage = "/customers/\(customer.id.uuidString.lowercased())"
            let chooser = try admin.get(customerPage).text
            #expect(chooser.contains("Connect a system") && chooser.contains(#"<option value="outbound-webhook""#))

            let formPage = customerPage + "/connections/new?environment=sandbox&kind=outbound-webhook"
            let form = try admin.get(formPage)
            #expect(form.status == 200)
            #expect(form.text.contains(#"type="password""#) && form.text.contains(#"name="signing_secret""#))

            let refused = try portal.submit(admin, from: formPage, to: customerPage + "/connections", [
                ("kind", "outbound-webhook"), ("environment", "sandbox"), ("name", "BI"), ("url", "ftp://bi.example"),
                ("signing_secret", Self.secret),
            ])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"id="field-url-error""#))
            #expect(!refused.text.contains(Self.secret), "a refused form never echoes the secret")
            #expect(try portal.db.count("SELECT count(*) FROM connections") == 0)

            let saved = try portal.submit(admin, from: formPage, to: customerPage + "/connections", [
                ("kind", "outbound-webhook"), ("environment", "sandbox"), ("name", "BI"), ("url", receiver.url),
                ("signing_secret", Self.secret),
            ])
            #expect(saved.status == 303)
            let connectionPage = try #require(saved.headers["Location"]).components(separatedBy: "?")[0]
            let detail = try admin.get(connectionPage).text
            #expect(detail.contains("stored, encrypted") && !detail.contains(Self.secret))

            let tested = try portal.submit(admin, from: connectionPage, to: connectionPage + "/test", [])
            #expect(tested.status == 200)
            #expect(tested.text.contains("Connection works") && tested.text.contains("HTTP 204"))
            #expect(try portal.db.count("SELECT count(*) FROM connections WHERE last_test_succeeded") == 1)
            #expect(try admin.get(customerPage).text.contains("Last test worked"))
        }
    }

    @Test func aFailedTestShowsWhatWentWrongAndViewersSeeNoForms() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let customerPage = "/customers/\(customer.id.uuidString.lowercased())"
            let formPage = customerPage + "/connections/new?environment=production&kind=outbound-webhook"
            let saved = try portal.submit(admin, from: formPage, to: customerPage + "/connections", [
                ("kind", "outbound-webhook"), ("environment", "production"), ("name", "Nowhere"),
                ("url", "http://127.0.0.1:9/hooks"), ("signing_secret", Self.secret),
            ])
            let connectionPage = try #require(saved.headers["Location"]).components(separatedBy: "?")[0]
            let tested = try portal.submit(admin, from: connectionPage, to: connectionPage + "/test", [])
            #expect(tested.text.contains("Connection failed") && tested.text.contains("Could not reach"))
            #expect(tested.text.contains(#"role="alert""#))

            let (viewer, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: customer.id)
            let viewed = try viewer.get(connectionPage).text
            #expect(viewed.contains("Nowhere") && viewed.contains("Production"))
            #expect(!viewed.contains("Test connection") && !viewed.contains("Change this connection"))
            #expect(try viewer.get(customerPage).text.contains("Nowhere"))
        }
    }
}
