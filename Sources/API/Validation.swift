/// Collects what is wrong with decoded input, so one 422 lists every bad field at once rather
/// than making the client fix them one round trip at a time.
///
/// ```swift
/// var validation = Validation()
/// validation.length(input.name, in: 1...100, at: "/name")
/// validation.email(input.billingEmail, at: "/billing_email")
/// validation.slug(input.slug, at: "/slug")
/// try validation.finish()        // throws ProblemError.validation when anything failed
/// ```
///
/// `field` arguments are JSON Pointers into the body (see `FieldError`).
public struct Validation: Sendable {
    /// The errors found so far, in the order they were found.
    public private(set) var errors: [FieldError] = []

    /// No errors yet.
    public init() {}

    /// Records an error.
    public mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Records `message` at `field` unless `condition` holds.
    public mutating func require(_ condition: Bool, at field: String, _ message: @autoclosure () -> String) {
        if !condition { fail(field, message()) }
    }

    /// The length in Unicode code points lies in `range`. Code points, not grapheme clusters:
    /// that is what JSON Schema's `minLength`/`maxLength` count (2020-12 Validation §6.3.1),
    /// so the document and the server agree on every string.
    public mutating func length(_ value: String, in range: ClosedRange<Int>, at field: String) {
        let count = value.unicodeScalars.count
        if count < range.lowerBound {
            fail(field, range.lowerBound == 1 ? "must not be empty" : "must be at least \(range.lowerBound) characters")
        } else if count > range.upperBound {
            fail(field, "must be at most \(range.upperBound) characters")
        }
    }

    /// `value` is a plausible e-mail address (see `FieldRules.isEmailAddress`).
    public mutating func email(_ value: String, at field: String) {
        require(FieldRules.isEmailAddress(value), at: field, "must be an e-mail address such as name@example.com")
    }

    /// `value` is a slug (see `FieldRules.isSlug`).
    public mutating func slug(_ value: String, at field: String) {
        require(FieldRules.isSlug(value), at: field,
                "must be 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen")
    }

    /// `value` is one of `allowed`; the message lists them, so the client need not look them up.
    public mutating func oneOf(_ value: String, _ allowed: some Sequence<String>, at field: String) {
        let allowed = Array(allowed)
        require(allowed.contains(value), at: field, "must be one of: \(allowed.joined(separator: ", "))")
    }

    /// `value` lies in `range`.
    public mutating func range<Value: Comparable & Sendable>(_ value: Value, in range: ClosedRange<Value>, at field: String) {
        require(range.contains(value), at: field, "must be between \(range.lowerBound) and \(range.upperBound)")
    }

    /// Throws `ProblemError.validation` with every recorded error, if there is any.
    public func finish() throws(ProblemError) {
        if !errors.isEmpty { throw .validation(errors) }
    }
}

/// Syntax rules for the identifiers API input uses, as pure predicates so that validation,
/// tests and the OpenAPI patterns agree.
public enum FieldRules {
    /// The `pattern` for slugs in the OpenAPI document; `isSlug` implements the same rule.
    public static let slugPattern = "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"

    /// A DNS label in lowercase (RFC 1035 §2.3.1, as RFC 1123 §2.1 relaxed it to allow a
    /// leading digit): 1-63 of `a-z 0-9 -`, no hyphen first or last. Slugs become host names
    /// (`<slug>.<base domain>`), hence the rule.
    public static func isSlug(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy { isLowercaseAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// An address of the form `local@domain` that mail can be sent to: the dot-atom forms of
    /// RFC 5322 §3.4.1 (no quoted local parts, no address literals, which no one registers
    /// with), at most 254 octets in all (RFC 5321 §4.5.3.1.3 path limit less the brackets),
    /// a local part of at most 64 (§4.5.3.1.1), and a domain of at least two DNS labels.
    public static func isEmailAddress(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), isDotAtom(local, allowing: isAtomText) else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// Non-empty atoms joined by single dots (RFC 5322 §3.2.3 `dot-atom-text`).
    private static func isDotAtom(_ bytes: ArraySlice<UInt8>, allowing isAllowed: (UInt8) -> Bool) -> Bool {
        bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy(isAllowed)
        }
    }

    /// RFC 5322 §3.2.3 `atext`.
    private static func isAtomText(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || atomSymbols.contains(byte)
    }

    private static let atomSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowercaseAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isLowercaseAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
