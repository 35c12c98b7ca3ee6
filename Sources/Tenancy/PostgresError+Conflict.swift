package import Postgres

extension PostgresError {
    /// The field a unique-constraint violation (SQLSTATE 23505) is about, from the
    /// constraint's name, so a duplicate slug or e-mail is answered as a conflict naming the
    /// field rather than a 500. A foreign-key violation (23503) of a listed constraint — a
    /// customer's tier_code naming no tier of its partner — is invalid input for that field.
    /// Nil for any other error or an unknown constraint.
    package func conflict(_ fields: [String: FieldProblem]) -> TenancyError? {
        guard let constraint, let problem = fields[constraint] else { return nil }
        switch code {
        case .uniqueViolation: return .conflict(problem)
        case .foreignKeyViolation: return .invalid([problem])
        default: return nil
        }
    }
}

/// Runs `body`, turning a unique violation of one of `fields`' constraints into
/// `TenancyError.conflict`. The statement runs under a savepoint so the surrounding
/// transaction survives the refusal (an API request's idempotency record, say).
package func translatingConflicts<Result>(_ fields: [String: FieldProblem], on connection: PostgresConnection,
                                          _ body: (PostgresConnection) throws -> Result) throws -> Result {
    do {
        return try connection.transaction(body)
    } catch let error as PostgresError {
        if let conflict = error.conflict(fields) { throw conflict }
        throw error
    }
}
