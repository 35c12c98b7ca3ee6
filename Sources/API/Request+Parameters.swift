public import Foundation
public import HTTP

extension Request {
    /// The path parameter `name` as a UUID; a 400 problem naming the parameter when it is not
    /// one (RFC 9562 §4 text form). 400 rather than 404: the client sent something that cannot
    /// be an id, and saying so is more use to its developer than "not found".
    public func uuidParameter(_ name: String) throws(ProblemError) -> UUID {
        guard let text = parameters[name], let id = UUID(uuidString: text) else {
            throw .invalidParameters([FieldError(field: name, message: "must be a UUID")])
        }
        return id
    }

    /// The query parameter `name` when present; a 400 problem naming it when it is not one of
    /// `allowed` (a filter on an enumerated column).
    public func queryParameter(_ name: String, oneOf allowed: some Collection<String>) throws(ProblemError) -> String? {
        guard let value = queryParameters[name] else { return nil }
        guard allowed.contains(value) else {
            throw .invalidParameters([FieldError(field: name, message: "must be one of: \(allowed.joined(separator: ", "))")])
        }
        return value
    }

    /// The query parameter `name` as a UUID; a 400 problem naming it when malformed.
    public func uuidQueryParameter(_ name: String) throws(ProblemError) -> UUID? {
        guard let text = queryParameters[name] else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw .invalidParameters([FieldError(field: name, message: "must be a UUID")])
        }
        return id
    }
}
