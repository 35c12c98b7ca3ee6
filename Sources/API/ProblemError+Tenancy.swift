import Tenancy

extension ProblemError {
    /// The problem for what Tenancy refused. Body fields become JSON Pointers (`/email`), the
    /// form `FieldError` uses for request bodies.
    init(_ error: TenancyError) {
        switch error {
        case .invalid(let problems):
            self = .validation(problems.map { FieldError(field: "/" + $0.field, message: $0.message) })
        case .notFound(let resource):
            self = .notFound(resource)
        case .conflict(let problem):
            self = .conflict("The \(problem.field) \(problem.message).",
                             errors: [FieldError(field: "/" + problem.field, message: problem.message)])
        case .forbidden(let permission):
            self = .forbidden(permission: permission.rawValue)
        case .unauthenticated:
            self = .invalidToken
        }
    }
}
