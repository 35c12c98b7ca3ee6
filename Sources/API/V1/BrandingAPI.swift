import Foundation
import HTTP
import Tenancy

/// `/branding`: the partner's own brand — theme, product name, colours, support contacts,
/// custom domain and logo (issue 4 §2, the API side of the portal's branding page). Partner
/// admins only (`branding:read`, `branding:write`).
enum BrandingAPI {
    static let colourPattern = "^#[0-9a-fA-F]{6}$"

    static let branding = NamedSchema("Branding", .object([
        .init("theme", .string(minLength: 1, maxLength: 32)),
        .init("product_name", JSONSchema.string(minLength: 1, maxLength: 80).nullable, required: false),
        .init("primary_colour", JSONSchema.string(pattern: colourPattern).nullable, required: false),
        .init("accent_colour", JSONSchema.string(pattern: colourPattern).nullable, required: false),
        .init("support_email", JSONSchema.email.nullable, required: false),
        .init("support_url", JSONSchema.string(format: .uri, maxLength: 2000).nullable, required: false),
        .init("custom_domain", JSONSchema.string(maxLength: 253).nullable, required: false),
        .init("logo", JSONSchema.object([
            .init("content_type", .enumeration(LogoImage.Format.allCases.map(\.contentType))),
            .init("sha256", .string(minLength: 64, maxLength: 64, pattern: "^[0-9a-f]{64}$")),
            .init("url", JSONSchema.string.described("Where the portal serves it, on the partner's own hosts.")),
        ]).nullable.described("The uploaded logo; absent when the theme's is used."), required: false),
        .init("updated_at", JSONSchema.dateTime.nullable, required: false),
    ]))

    static let update = NamedSchema("UpdateBranding", .object([
        .init("theme", JSONSchema.string(minLength: 1, maxLength: 32).described("One of the portal's themes.")),
        .init("product_name", JSONSchema.string(maxLength: 80).nullable.described("Absent or null: the partner's name."),
              required: false),
        .init("primary_colour", JSONSchema.string(pattern: colourPattern).nullable, required: false),
        .init("accent_colour", JSONSchema.string(pattern: colourPattern).nullable, required: false),
        .init("support_email", JSONSchema.email.nullable, required: false),
        .init("support_url", JSONSchema.string(maxLength: 2000).nullable.described("An https:// address."), required: false),
        .init("custom_domain", JSONSchema.string(maxLength: 253).nullable
            .described("A host name of the partner's own, not under the platform's domain; absent or null removes it."),
              required: false),
    ]))

    static let logoUpload = NamedSchema("BrandingLogoUpload", .object([
        .init("image_base64", JSONSchema.string(maxLength: 700_000)
            .described("A PNG or JPEG (at most 512 KiB, 2048×2048), base64 (RFC 4648 §4). The request may instead "
                       + "send the file itself as the body, with Content-Type image/png or image/jpeg.")),
    ]))

    /// The JSON form of `PartnerBranding`.
    struct Body: Encodable {
        struct Logo: Encodable {
            var contentType: String
            var sha256: String
            var url: String
        }

        var theme: String
        var productName: String?
        var primaryColour: String?
        var accentColour: String?
        var supportEmail: String?
        var supportUrl: String?
        var customDomain: String?
        var logo: Logo?
        var updatedAt: Date?

        init(_ branding: PartnerBranding) {
            let settings = branding.settings
            theme = settings.theme
            productName = settings.productName
            primaryColour = settings.primaryColour
            accentColour = settings.accentColour
            supportEmail = settings.supportEmail
            supportUrl = settings.supportURL
            customDomain = settings.customDomain
            if let type = branding.logoContentType, let sha = branding.logoSHA256 {
                logo = Logo(contentType: type, sha256: sha, url: "/brand/logo?v=\(sha.prefix(16))")
            }
            updatedAt = branding.updatedAt
        }
    }

    struct UpdateBody: StrictlyDecodable {
        var theme: String
        var productName: String?
        var primaryColour: String?
        var accentColour: String?
        var supportEmail: String?
        var supportURL: String?
        var customDomain: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case theme, productName = "product_name", primaryColour = "primary_colour", accentColour = "accent_colour"
            case supportEmail = "support_email", supportURL = "support_url", customDomain = "custom_domain"
        }
    }

    struct LogoBody: StrictlyDecodable {
        var imageBase64: String
        enum CodingKeys: String, CodingKey, CaseIterable { case imageBase64 = "image_base64" }
    }

    /// A base64 logo of 512 KiB is about 683 KiB; the JSON around it a few bytes more.
    static let maximumLogoRequestBytes = 720 * 1024

    static func endpoints(_ gateway: TenantGateway, rules: BrandingRules) -> [Endpoint] {
        var setLogo = gateway.endpoint(
            .put, "/branding/logo", operationID: "setBrandingLogo",
            summary: "Upload the logo (PNG or JPEG, checked by its content; SVG is refused)", tag: "branding",
            permission: .brandingWrite, requestBody: logoUpload, response: branding) { context in
            let logo = try LogoImage(bytes: try logoBytes(context.request))
            return try .json(Body(PartnerBrandings.setLogo(logo, by: context.caller, on: context.connection)))
        }
        setLogo.maximumBodyBytes = maximumLogoRequestBytes
        return [
            gateway.endpoint(.get, "/branding", operationID: "getBranding", summary: "Read the partner's branding",
                             tag: "branding", permission: .brandingRead, response: branding) { context in
                try .json(Body(PartnerBrandings.get(context.principal.partnerID, on: context.connection)))
            },
            gateway.endpoint(.put, "/branding", operationID: "updateBranding",
                             summary: "Replace the partner's branding: theme, product name, colours, support contacts, custom domain",
                             tag: "branding", permission: .brandingWrite, requestBody: update, response: branding,
                             problems: [.conflict]) { context in
                let body = try context.request.decodeJSON(UpdateBody.self)
                let settings = BrandingSettings(theme: body.theme, productName: body.productName,
                                                primaryColour: body.primaryColour, accentColour: body.accentColour,
                                                supportEmail: body.supportEmail, supportURL: body.supportURL,
                                                customDomain: body.customDomain)
                return try .json(Body(PartnerBrandings.update(settings, rules: rules, by: context.caller,
                                                              on: context.connection)))
            },
            setLogo,
            gateway.endpoint(.delete, "/branding/logo", operationID: "removeBrandingLogo",
                             summary: "Remove the uploaded logo (pages show the theme's again)", tag: "branding",
                             permission: .brandingWrite, response: branding, problems: [.notFound]) { context in
                try .json(Body(PartnerBrandings.removeLogo(by: context.caller, on: context.connection)))
            },
        ]
    }

    /// The uploaded file: the body itself for `image/png` or `image/jpeg` (the declared type
    /// only picks this path — `LogoImage` decides by content), or the base64 member of a JSON
    /// body.
    static func logoBytes(_ request: Request) throws -> [UInt8] {
        let mediaType = request.headers["Content-Type"]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        if let mediaType, LogoImage.Format.allCases.contains(where: { $0.contentType == mediaType }) {
            return request.body
        }
        let body = try request.decodeJSON(LogoBody.self)
        guard let data = Data(base64Encoded: body.imageBase64) else {
            throw ProblemError.validation([FieldError(field: "/image_base64", message: "is not valid base64")])
        }
        return Array(data)
    }
}
