/// Whose product a mail comes from: the partner's brand, so a retailer's staff get mail from
/// the product they know, never from the platform behind it.
public struct MailBrand: Sendable, Equatable {
    /// The product name (`Acme Connect`).
    public var productName: String
    /// Where to write for help, or nil.
    public var supportEmail: String?
    /// Where to look for help, or nil.
    public var supportURL: String?

    public init(productName: String, supportEmail: String? = nil, supportURL: String? = nil) {
        self.productName = productName
        self.supportEmail = supportEmail
        self.supportURL = supportURL
    }

    /// No brand: for mail sent where no partner is known.
    public static let neutral = MailBrand(productName: "the portal")

    /// The closing lines: the product, and how to reach support when the partner says.
    var signature: String {
        var lines = ["— \(productName)"]
        if let supportEmail { lines.append("Help: \(supportEmail)") }
        if let supportURL { lines.append(supportURL) }
        return lines.joined(separator: "\n")
    }
}
