public import Foundation

/// What one notification says, the same for every channel: built once by the evaluator, then
/// written as a mail or a chat message.
public struct AlertNotice: Sendable, Hashable {
    /// The alert as it stands.
    public var alert: Alert
    /// Why it is sent.
    public var kind: AlertNotification.Kind
    /// The escalation level (0 for a cleared notice).
    public var level: Int
    /// Whose product the notice comes from.
    public var brand: AlertBrand

    /// Creates a notice.
    public init(alert: Alert, kind: AlertNotification.Kind, level: Int, brand: AlertBrand) {
        self.alert = alert
        self.kind = kind
        self.level = level
        self.brand = brand
    }

    /// The subject line, impact first so an inbox sorts itself:
    /// `[Order capture] Shop: Failure rate — order-to-erp` (`Escalated:` / `Cleared:` before it).
    public var subjectLine: String {
        let prefix = switch kind {
        case .opened: ""
        case .escalated: "Escalated (level \(level)): "
        case .cleared: "Cleared: "
        }
        let line = "\(prefix)[\(alert.impact.title)] \(alert.customerName): \(alert.kind.title) — \(alert.subject)"
        // One header line (RFC 5322 §2.2): a name with a line break in it must not add a header.
        return String(line.map { $0.isNewline ? " " : $0 })
    }

    /// The body as plain text.
    public var text: String {
        var lines = [subjectLine, "", alert.summary, ""]
        switch kind {
        case .opened, .escalated:
            lines.append("Opened \(Self.timestamp(alert.openedAt)), last seen \(Self.timestamp(alert.lastSeenAt)).")
            lines.append("Rule: \(alert.ruleName). Acknowledge it in \(brand.productName) to stop escalation.")
        case .cleared:
            lines.append("The rule “\(alert.ruleName)” no longer fires (cleared \(Self.timestamp(alert.resolvedAt ?? alert.lastSeenAt))).")
        }
        lines.append("")
        lines.append("— \(brand.productName)")
        if let supportEmail = brand.supportEmail { lines.append("Help: \(supportEmail)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 3339 in UTC: unambiguous for whoever reads it, wherever they are.
    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
    }
}

/// The partner's brand as notices show it (Tenancy's PartnerBranding, with defaults filled in).
public struct AlertBrand: Sendable, Hashable {
    /// The product name (`Acme Connect`), or the partner's name.
    public var productName: String
    /// `#rrggbb` for the header band.
    public var primaryColour: String
    /// `#rrggbb` for the impact badge.
    public var accentColour: String
    /// Where to write for help.
    public var supportEmail: String?

    /// The colours used when a partner set none (the default theme's).
    public static let defaultPrimary = "#1f3a5f"
    /// See ``defaultPrimary``.
    public static let defaultAccent = "#c2410c"

    /// Creates a brand.
    public init(productName: String, primaryColour: String? = nil, accentColour: String? = nil, supportEmail: String? = nil) {
        self.productName = productName
        self.primaryColour = Self.colour(primaryColour) ?? Self.defaultPrimary
        self.accentColour = Self.colour(accentColour) ?? Self.defaultAccent
        self.supportEmail = supportEmail
    }

    /// `#rrggbb` only: the value goes into a style attribute.
    private static func colour(_ value: String?) -> String? {
        guard let value, value.count == 7, value.first == "#", value.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
        return value.lowercased()
    }
}
