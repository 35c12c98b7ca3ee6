import API
import Foundation
import HTTP
import Postgres
import Tenancy
import Testing
import TestSupport

/// `/api/v1/branding`: the partner admin's brand through the API, refused by content where it
/// matters (colours, logos), audited, and visible on the partner's own hosts only.
@Suite struct BrandingAPITests {
    /// A raw-body upload, as `curl --data-binary @logo.png -H 'Content-Type: image/png'` sends it.
    private func upload(_ world: APIWorld, _ bytes: [UInt8], contentType: String, token: String) -> Response {
        var request = Request(method: .put, target: "/api/v1/branding/logo",
                              headers: ["Authorization": "Bearer \(token)", "Content-Type": contentType], body: bytes)
        request.remoteAddress = "192.0.2.10:40000"
        return world.application.router.respond(to: request)
    }

    /// A portal request to `host` (the application's base domain is `localhost`).
    private func portal(_ world: APIWorld, _ target: String, host: String) -> Response {
        world.application.router.respond(to: Request(method: .get, target: target, headers: ["Host": host]))
    }

    private func errorFields(_ response: Response) -> [String] {
        (response.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func aPNGUploadIsAcceptedAndReServedByteIdenticalWithItsType() throws {
        try APIWorld.with { world in
            let png = TestImages.png(width: 48, height: 24)
            let response = upload(world, png, contentType: "image/png", token: world.acmeAdmin.token)
            #expect(response.status == .ok, "\(response.text)")
            let logo = try #require(response.object["logo"] as? [String: Any])
            #expect(logo["content_type"] as? String == "image/png")

            let served = portal(world, "/brand/logo", host: "acme.localhost")
            #expect(served.status == .ok)
            #expect(served.body == png)
            #expect(served.headers["Content-Type"] == "image/png")
            #expect(served.headers["X-Content-Type-Options"] == "nosniff")
            // The other partner's host still has no uploaded logo.
            #expect(portal(world, "/brand/logo", host: "beta.localhost").status == .found)
        }
    }

    @Test func aJPEGSentAsBase64JSONIsAcceptedWithTheTypeFoundInItsBytes() throws {
        try APIWorld.with { world in
            let jpeg = TestImages.jpeg(width: 200, height: 100)
            let body = #"{"image_base64":"\#(Data(jpeg).base64EncodedString())"}"#
            let response = world.call(.put, "/branding/logo", token: world.acmeAdmin.token, json: body)
            #expect(response.status == .ok, "\(response.text)")
            #expect(portal(world, "/brand/logo", host: "acme.localhost").headers["Content-Type"] == "image/jpeg")
        }
    }

    @Test(arguments: ["image/png", "image/jpeg", "image/svg+xml"])
    func anSVGIsRefusedWhateverItIsDeclaredAsAndNothingIsStored(contentType: String) throws {
        try APIWorld.with { world in
            let response = upload(world, TestImages.svg, contentType: contentType, token: world.acmeAdmin.token)
            #expect(response.status.code == (contentType == "image/svg+xml" ? 415 : 422), "\(response.text)")
            if contentType != "image/svg+xml" {
                #expect(errorFields(response) == ["/logo"])
                #expect(response.text.contains("SVG"))
            }
            let storedLogos = try world.count("SELECT count(*) FROM partner_branding WHERE logo IS NOT NULL")
            #expect(storedLogos == 0)
            let logoAudits = try world.count("SELECT count(*) FROM audit_log WHERE action = 'branding.logo_set'")
            #expect(logoAudits == 0)
        }
    }

    @Test func anSVGNamedPNGInsideJSONIsRefusedToo() throws {
        try APIWorld.with { world in
            let body = #"{"image_base64":"\#(Data(TestImages.svg).base64EncodedString())"}"#
            let response = world.call(.put, "/branding/logo", token: world.acmeAdmin.token, json: body)
            #expect(response.status.code == 422)
            #expect(errorFields(response) == ["/logo"])
        }
    }

    @Test func anOversizeLogoIsRefused() throws {
        try APIWorld.with { world in
            let justOver = TestImages.png() + [UInt8](repeating: 0, count: LogoImage.maximumBytes)
            let refused = upload(world, justOver, contentType: "image/png", token: world.acmeAdmin.token)
            #expect(refused.status.code == 422)
            #expect(errorFields(refused) == ["/logo"])
            let huge = upload(world, [UInt8](repeating: 0, count: 900 * 1024), contentType: "image/png", token: world.acmeAdmin.token)
            #expect(huge.status.code == 413)
            let brandingRows = try world.count("SELECT count(*) FROM partner_branding")
            #expect(brandingRows == 0)
        }
    }

    @Test func aColourThatCouldBreakTheStylesheetIsRefusedNamingTheField() throws {
        try APIWorld.with { world in
            let response = world.call(.put, "/branding", token: world.acmeAdmin.token,
                                      json: #"{"theme":"default","primary_colour":"red;}"}"#)
            #expect(response.status.code == 422)
            #expect(errorFields(response) == ["/primary_colour"])
            let brandingRows = try world.count("SELECT count(*) FROM partner_branding")
            #expect(brandingRows == 0)
        }
    }

    @Test func anUpdateIsAuditedAndItsCustomDomainThenResolvesThePartner() throws {
        try APIWorld.with { world in
            let body = #"""
                {"theme":"harbour","product_name":"Acme Connect","primary_colour":"#0A3D62","accent_colour":"#e58e26",
                 "support_email":"help@acme.example","support_url":"https://help.acme.example","custom_domain":"Portal.Acme.Example"}
                """#
            let response = world.call(.put, "/branding", token: world.acmeAdmin.token, json: body)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.object["custom_domain"] as? String == "portal.acme.example")
            #expect(response.object["primary_colour"] as? String == "#0a3d62")
            let requestID = try #require(response.headers["X-Request-Id"])
            let updateAudits = try world.count("SELECT count(*) FROM audit_log WHERE request_id = \(requestID) AND action = 'branding.update'")
            #expect(updateAudits == 1)

            let read = world.call(.get, "/branding", token: world.acmeAdmin.token)
            #expect(read.object["product_name"] as? String == "Acme Connect")
            #expect(read.object["support_url"] as? String == "https://help.acme.example")

            let page = portal(world, "/login", host: "portal.acme.example")
            #expect(page.status == .ok)
            #expect(page.text.contains("Acme Connect") && page.text.contains("harbour-header"))
            let css = portal(world, "/brand.css", host: "Portal.Acme.Example:443")
            #expect(css.text.contains("--primary: #0a3d62;"))
            #expect(!portal(world, "/brand.css", host: "beta.localhost").text.contains("#0a3d62"))
        }
    }

    @Test func aThemeTheDeploymentDoesNotHaveAndADomainUnderTheBaseDomainAreRefused() throws {
        try APIWorld.with { world in
            let response = world.call(.put, "/branding", token: world.acmeAdmin.token,
                                      json: #"{"theme":"neon","custom_domain":"beta.localhost"}"#)
            #expect(response.status.code == 422)
            #expect(errorFields(response) == ["/theme", "/custom_domain"])
        }
    }

    @Test func onlyPartnerAdminsMayReadOrChangeTheBranding() throws {
        try APIWorld.with { world in
            for member in [world.acmeOperator, world.acmeViewer, world.platformAdmin] {
                #expect(world.call(.get, "/branding", token: member.token).status == .forbidden)
                #expect(upload(world, TestImages.png(), contentType: "image/png", token: member.token).status == .forbidden)
            }
            let stored6 = try world.count("SELECT count(*) FROM partner_branding")
            #expect(stored6 == 0)
        }
    }

    @Test func theLogoCanBeRemovedAndPagesFallBackToTheThemesLogo() throws {
        try APIWorld.with { world in
            #expect(world.call(.delete, "/branding/logo", token: world.acmeAdmin.token).status == .notFound)
            _ = upload(world, TestImages.png(), contentType: "image/png", token: world.acmeAdmin.token)
            let removed = world.call(.delete, "/branding/logo", token: world.acmeAdmin.token)
            #expect(removed.status == .ok)
            #expect(removed.object["logo"] == nil)
            let logo = portal(world, "/brand/logo", host: "acme.localhost")
            #expect(logo.status == .found && logo.headers["Location"] == "/assets/default/logo.svg")
        }
    }
}
