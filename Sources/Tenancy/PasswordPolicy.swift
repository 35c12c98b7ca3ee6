/// What a new password must be, after NIST SP 800-63B §5.1.1.2 ("Memorized Secret
/// Verifiers"): long enough, not absurdly long, and not the most obvious guess for this
/// account. No composition rules (digits, symbols) and no periodic expiry — the same section
/// advises against both.
public struct PasswordPolicy: Sendable, Equatable {
    /// The fewest characters: 12 by default (NIST's floor is 8; OWASP recommends more).
    public var minimumLength: Int
    /// The most characters: 256 by default (NIST asks to allow at least 64); the bound keeps
    /// a hashing request from being made arbitrarily expensive.
    public var maximumLength: Int

    /// The defaults above, or the values given.
    public init(minimumLength: Int = 12, maximumLength: Int = 256) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    /// The problem with `password` for the account `email`, on the field `field`, or nil when
    /// it is acceptable. Length counts Unicode code points (§5.1.1.2: "each Unicode code point
    /// SHALL be counted as a single character").
    public func problem(_ password: String, email: String, field: String = "password") -> FieldProblem? {
        let length = password.unicodeScalars.count
        if length < minimumLength {
            return FieldProblem(field: field, message: "must be at least \(minimumLength) characters")
        }
        if length > maximumLength {
            return FieldProblem(field: field, message: "must be at most \(maximumLength) characters")
        }
        // §5.1.1.2: refuse "context-specific words, such as the name of the service, the username".
        if password.trimmingWhitespace.lowercased() == email.normalisedEmail {
            return FieldProblem(field: field, message: "must not be your e-mail address")
        }
        return nil
    }
}
