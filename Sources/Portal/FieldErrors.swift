import Tenancy

/// The field problems of a refused form, by field name, so each input shows its own message.
/// Tenancy and Billing name fields as the API does (`tier_code`), and the portal's forms use
/// the same names, so a problem finds its input without a translation table.
struct FieldErrors: Sendable, Equatable {
    private var messages: [String: String] = [:]

    init(_ problems: [FieldProblem] = []) {
        for problem in problems where messages[problem.field] == nil { messages[problem.field] = problem.message }
    }

    /// The message for `field`, capitalised as a sentence, or nil.
    subscript(field: String) -> String? {
        messages[field].map { $0.prefix(1).uppercased() + $0.dropFirst() + ($0.hasSuffix(".") ? "" : ".") }
    }

    /// Whether no field has a problem.
    var isEmpty: Bool { messages.isEmpty }

    /// The problems whose field is not in `shown`: they belong to no input on the form and
    /// go into the message above it instead of being lost.
    func unplaced(shown: Set<String>) -> String? {
        let rest = messages.filter { !shown.contains($0.key) }.sorted { $0.key < $1.key }
        guard !rest.isEmpty else { return nil }
        return rest.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \($0.value)" }.joined(separator: "; ") + "."
    }
}

extension FieldErrors {
    /// The field problems of a refused input — every one of `TenancyError.invalid`, the one of
    /// `.conflict` (a name already taken) — or nil when `error` is not about the input, so
    /// the caller rethrows it.
    init?(refusal error: any Error) {
        switch error as? TenancyError {
        case .invalid(let problems)?: self.init(problems)
        case .conflict(let problem)?: self.init([problem])
        default: return nil
        }
    }
}
