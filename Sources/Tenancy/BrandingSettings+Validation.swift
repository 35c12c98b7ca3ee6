import Foundation

extension BrandingSettings {
    /// The longest product name: it sits in a header bar and a browser tab.
    public static let maximumProductNameLength = 80

    /// These settings normalised (trimmed; empty text means "not overridden"; colours and the
    /// domain in lower case) and checked, without saving anything — what a preview shows and
    /// what `PartnerBrandings.update` stores. Uniqueness of the custom domain is the one rule
    /// only saving can check.
    ///
    /// Fields are named as the API and the form name them: `theme`, `product_name`,
    /// `primary_colour`, `accent_colour`, `support_email`, `support_url`, `custom_domain`.
    /// - Throws: `TenancyError.invalid` listing every field that is wrong.
    public func validated(_ rules: BrandingRules) throws(TenancyError) -> BrandingSettings {
        var result = BrandingSettings(theme: theme.trimmingWhitespace)
        result.productName = Self.nonEmpty(productName)
        result.primaryColour = Self.nonEmpty(primaryColour)?.lowercased()
        result.accentColour = Self.nonEmpty(accentColour)?.lowercased()
        result.supportEmail = Self.nonEmpty(supportEmail)
        result.supportURL = Self.nonEmpty(supportURL)
        result.customDomain = Self.nonEmpty(customDomain)?.lowercased()

        var problems: [FieldProblem?] = []
        if !rules.themeNames.contains(result.theme) {
            problems.append(FieldProblem(field: "theme", message: "must be one of \(rules.themeNames.sorted().joined(separator: ", "))"))
        }
        problems.append(result.productName.flatMap(Self.productNameProblem))
        problems.append(result.primaryColour.flatMap { Self.colourProblem($0, field: "primary_colour") })
        problems.append(result.accentColour.flatMap { Self.colourProblem($0, field: "accent_colour") })
        problems.append(result.supportEmail.flatMap { InputRules.email($0, field: "support_email") })
        problems.append(result.supportURL.flatMap(Self.supportURLProblem))
        problems.append(result.customDomain.flatMap { Self.customDomainProblem($0, baseDomain: rules.baseDomain) })
        let found = problems.compactMap { $0 }
        if !found.isEmpty { throw .invalid(found) }
        return result
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingWhitespace, !trimmed.isEmpty else { return nil }
        return trimmed
    }

    private static func productNameProblem(_ name: String) -> FieldProblem? {
        if name.count > maximumProductNameLength {
            return FieldProblem(field: "product_name", message: "must be at most \(maximumProductNameLength) characters")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return FieldProblem(field: "product_name", message: "must not contain control characters")
        }
        return nil
    }

    /// Exactly `#rrggbb`: the value is written into a generated stylesheet, and nothing else can
    /// then end the declaration (`red;} body {…}`) or smuggle in `url(…)`.
    static func colourProblem(_ colour: String, field: String) -> FieldProblem? {
        let bytes = Array(colour.utf8)
        let valid = bytes.count == 7 && bytes[0] == UInt8(ascii: "#")
            && bytes.dropFirst().allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        return valid ? nil : FieldProblem(field: field, message: "must be a colour written #rrggbb, such as #1f4e79")
    }

    /// An absolute https URL with a host (RFC 3986 §3), nothing that is not printable ASCII.
    /// Plain http would let a network attacker change the help page customers are sent to.
    private static func supportURLProblem(_ url: String) -> FieldProblem? {
        let problem = FieldProblem(field: "support_url", message: "must be an https:// address such as https://help.example.com")
        guard url.utf8.count <= 2000, url.utf8.allSatisfy({ (0x21...0x7E).contains($0) }),
              let components = URLComponents(string: url), components.scheme?.lowercased() == "https",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil else {
            return problem
        }
        return nil
    }

    private static func customDomainProblem(_ domain: String, baseDomain: String?) -> FieldProblem? {
        if let problem = InputRules.domain(domain, field: "custom_domain") { return problem }
        if let baseDomain, domain == baseDomain || domain.hasSuffix("." + baseDomain) {
            return FieldProblem(field: "custom_domain",
                                message: "must be a domain of your own, not under \(baseDomain), whose addresses are the platform's")
        }
        return nil
    }
}
