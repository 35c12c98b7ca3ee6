public import Commerce
import Foundation

/// The values a connector is given: plain settings and decrypted secrets, by field name.
///
/// Connectors never read the database (DESIGN.md layers): whoever builds a connector decrypts the
/// connection's secrets and hands them over in this value. Its description redacts the secrets,
/// so a configuration can be logged or put in an error without leaking them.
public struct ConnectionConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Values of the non-secret fields.
    public var settings: [String: String]
    /// Values of the secret fields, in clear — handle with care.
    public var secrets: [String: String]

    /// Creates a configuration.
    public init(settings: [String: String] = [:], secrets: [String: String] = [:]) {
        self.settings = settings
        self.secrets = secrets
    }

    /// The value of a field, secret or not.
    public subscript(_ name: String) -> String? { settings[name] ?? secrets[name] }

    /// The value of a field the descriptor marks required, or a permanent error naming the field
    /// (a connection saved through ``ConnectorDescriptor/problems(in:)`` always has it).
    public func required(_ name: String) throws(ConnectorError) -> String {
        guard let value = self[name], !value.isEmpty else {
            throw ConnectorError.permanent("The connection has no value for \(name); edit the connection and fill it in.")
        }
        return value
    }

    /// The settings with secrets shown as `<redacted>`.
    public var description: String {
        let shown = settings.map { "\($0.key)=\($0.value)" } + secrets.keys.map { "\($0)=<redacted>" }
        return "ConnectionConfiguration(\(shown.sorted().joined(separator: ", ")))"
    }
}

extension ConnectorDescriptor {
    /// What is wrong with a configuration for this connector, one problem per field, naming the
    /// field and the rule: unknown fields, missing required ones, malformed URLs and numbers,
    /// values outside a choice. An empty list means it can be saved.
    public func problems(in configuration: ConnectionConfiguration) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        let known = Set(fields.map(\.name))
        for name in Set(configuration.settings.keys).union(configuration.secrets.keys).sorted() where !known.contains(name) {
            problems.append(ValidationProblem(name, .unknownField, "\(displayName) has no field \(name)"))
        }
        for field in fields {
            let value = field.isSecret ? configuration.secrets[field.name] : configuration.settings[field.name]
            guard let value, !value.isEmpty else {
                if field.isRequired && field.defaultValue == nil {
                    problems.append(ValidationProblem(field.name, .required, "\(field.label) is required"))
                }
                continue
            }
            if let problem = field.problem(with: value) { problems.append(problem) }
        }
        return problems
    }

    /// The configuration with every absent field that has a default filled in.
    public func withDefaults(_ configuration: ConnectionConfiguration) -> ConnectionConfiguration {
        var filled = configuration
        for field in fields where !field.isSecret && (filled.settings[field.name] ?? "").isEmpty {
            if let value = field.defaultValue { filled.settings[field.name] = value }
        }
        return filled
    }
}

extension ConnectionField {
    /// The rule a present value breaks, if any.
    func problem(with value: String) -> ValidationProblem? {
        guard value.count <= Self.maxValueLength else {
            return ValidationProblem(name, .tooLong, "\(label) is longer than \(Self.maxValueLength) characters")
        }
        if case .multilineSecret = kind {} else if value.contains(where: \.isNewline) {
            return ValidationProblem(name, .controlCharacters, "\(label) must be on one line")
        }
        switch kind {
        case .text, .secret, .multilineSecret:
            return nil
        case .url(let schemes):
            guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
                  schemes.contains(scheme), let host = components.host, !host.isEmpty else {
                return ValidationProblem(name, .malformed,
                                         "\(label) must be an absolute \(schemes.joined(separator: " or ")) URL with a host")
            }
            guard components.user == nil, components.password == nil else {
                return ValidationProblem(name, .malformed, "\(label) must not carry a user or password; use the credential fields")
            }
            return nil
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else {
                return ValidationProblem(name, .outOfRange, "\(label) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return nil
        case .choice(let options):
            guard options.contains(value) else {
                return ValidationProblem(name, .notOneOf, "\(label) must be one of \(options.joined(separator: ", "))")
            }
            return nil
        }
    }
}
