import Connectors
import Tenancy

/// Field values from a form or a request, split by the descriptor into settings and secrets
/// and checked against it; every problem becomes a `FieldProblem` naming the field.
struct ConnectionValues {
    /// Settings (defaults filled in) and the secrets given now.
    let configuration: ConnectionConfiguration
    /// The names of the secret fields given now.
    let secretNames: [String]

    /// - Parameter storedSecrets: secret fields that already have a value, which count as
    ///   given when they are left out (an edit keeps them).
    init(descriptor: ConnectorDescriptor, values: [String: String], storedSecrets: Set<String>) throws {
        var settings: [String: String] = [:]
        var secrets: [String: String] = [:]
        var problems: [FieldProblem] = []
        for (name, raw) in values.sorted(by: { $0.key < $1.key }) {
            guard let field = descriptor.field(name) else {
                problems.append(FieldProblem(field: name, message: "is not a field of a \(descriptor.displayName) connection"))
                continue
            }
            // Multi-line secrets (PEM keys) keep their inner line breaks; the rest is trimmed.
            let value = field.kind == .multilineSecret ? raw.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
                                                       : raw.trimmingCharacters(in: .whitespaces)
            if field.isSecret {
                if !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { secrets[name] = value }
            } else if !value.isEmpty {
                settings[name] = value
            }
        }
        let filled = descriptor.withDefaults(ConnectionConfiguration(settings: settings, secrets: secrets))
        // Stored secrets stand in for themselves during validation; their values are not needed.
        var checked = filled
        for name in storedSecrets where checked.secrets[name] == nil { checked.secrets[name] = "stored" }
        problems += descriptor.problems(in: checked).map { FieldProblem(field: $0.path, message: $0.message) }
        guard problems.isEmpty else { throw TenancyError.invalid(problems) }
        configuration = filled
        secretNames = secrets.keys.sorted()
    }
}
