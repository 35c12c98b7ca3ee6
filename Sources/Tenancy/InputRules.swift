/// The syntax rules of tenancy input, checked before anything reaches the database so a caller
/// hears which field is wrong and why. The database enforces the same rules again with CHECK
/// constraints (Migrations/0001), so nothing invalid gets in by another path.
public enum InputRules {
    /// A display name: 1–200 characters after trimming, no control characters.
    public static func name(_ value: String, field: String = "name") -> FieldProblem? {
        let trimmed = value.trimmingWhitespace
        if trimmed.isEmpty { return FieldProblem(field: field, message: "must not be empty") }
        if trimmed.count > 200 { return FieldProblem(field: field, message: "must be at most 200 characters") }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return FieldProblem(field: field, message: "must not contain control characters")
        }
        return nil
    }

    /// A partner slug: a DNS label (RFC 1035 §2.3.1, lower case), because it becomes
    /// `<slug>.<base domain>`.
    public static func slug(_ value: String, field: String = "slug") -> FieldProblem? {
        let bytes = Array(value.utf8)
        let valid = (1...63).contains(bytes.count)
            && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
            && bytes.first != UInt8(ascii: "-") && bytes.last != UInt8(ascii: "-")
        return valid ? nil : FieldProblem(
            field: field, message: "must be 1–63 lower-case letters, digits or hyphens, not starting or ending with a hyphen")
    }

    /// A host name for a partner's custom domain (RFC 1123 §2.1): dot-separated DNS labels,
    /// at least two, at most 253 characters, lower case.
    public static func domain(_ value: String, field: String = "custom_domain") -> FieldProblem? {
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        let valid = value.utf8.count <= 253 && labels.count >= 2
            && labels.allSatisfy { slug(String($0)) == nil }
        return valid ? nil : FieldProblem(field: field, message: "must be a lower-case host name such as portal.example.com")
    }

    /// An e-mail address, checked for the shape that matters for delivery and log-in
    /// (one `@`, a non-empty local part, a domain with a dot, no spaces, at most 254
    /// characters — RFC 5321 §4.5.3.1.3). Full RFC 5322 syntax is deliberately not accepted.
    public static func email(_ value: String, field: String = "email") -> FieldProblem? {
        let problem = FieldProblem(field: field, message: "is not a valid e-mail address")
        guard value.utf8.count <= 254, !value.contains(where: \.isWhitespace) else { return problem }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return problem }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else {
            return problem
        }
        return nil
    }

    /// A tier code: lower-case letters, digits, `_` or `-`, at most 32.
    public static func tierCode(_ value: String, field: String = "tier_code") -> FieldProblem? {
        let bytes = Array(value.utf8)
        let valid = (1...32).contains(bytes.count) && isLowerAlphanumeric(bytes[0])
            && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        return valid ? nil : FieldProblem(field: field, message: "must be 1–32 lower-case letters, digits, '-' or '_'")
    }

    /// Throws `TenancyError.invalid` with every problem found, or returns when there is none.
    public static func check(_ problems: FieldProblem?...) throws(TenancyError) {
        let found = problems.compactMap { $0 }
        if !found.isEmpty { throw .invalid(found) }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension String {
    /// The string without leading and trailing white space.
    package var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
