import Foundation
import HTTPClient
import Portal
import Tenancy
import TestSupport

/// Fixtures for the signed-in pages: a partner with a signed-in user of a given role.
extension PortalHarness {
    /// The name that must render as text wherever a customer's name appears.
    static let hostileName = "<script>alert(1)</script>"
    /// The same, as escaped HTML.
    static let escapedHostileName = "&lt;script&gt;alert(1)&lt;/script&gt;"

    /// A new partner, a user of it with `role` (of `customer` for viewers), and a browser that
    /// has signed in as them.
    func signedIn(_ role: Role, partner: Partner? = nil, customer: UUID? = nil) throws -> (Browser, Partner, Principal) {
        let partner = try partner ?? db.makePartner()
        let user = try db.makeUser(role, partner: partner.id, customer: customer)
        try db.setPassword(Self.password, for: user)
        let browser = browser(for: partner)
        let response = try logIn(browser, email: user.email)
        precondition(response.status == 303, "the fixture user could not sign in: \(response.status)")
        return (browser, partner, user)
    }

    /// The platform partner's row, whose host platform admins sign in on.
    func platformPartner() throws -> Partner {
        try db.database.transaction(.system) { connection in try Partners.find(slug: "platform", on: connection) }
    }

    /// Creates a customer of `partner` through the product's own path.
    func makeCustomer(_ name: String, in partner: Partner, tier: String = "bronze") throws -> Customer {
        try db.asCaller(db.principal(.partnerAdmin, partner: partner.id)) { connection, caller in
            try Customers.create(NewCustomer(name: name, tierCode: tier), by: caller, on: connection)
        }
    }

    /// Posts a form from the page at `page`, with that page's CSRF token and `fields`.
    func submit(_ browser: Browser, from page: String, to action: String, _ fields: [(String, String)]) throws -> OutboundResponse {
        let form = try browser.get(page)
        precondition(form.status == 200, "\(page) answered \(form.status)")
        return try browser.post(action, [("_csrf", Browser.csrfToken(in: form) ?? "")] + fields)
    }
}
