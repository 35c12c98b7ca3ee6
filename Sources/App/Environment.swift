/// Typed reads of environment variables with validation; every failure is a
/// `ConfigurationError` naming the variable.
struct Environment {
    let values: [String: String]

    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func required(_ name: String, expected: String) throws -> String {
        guard let value = string(name) else { throw ConfigurationError(variable: name, value: nil, expected: expected) }
        return value
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(variable: name, value: text,
                                     expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func seconds(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Duration {
        .seconds(try integer(name, default: fallback, range: range))
    }

    func choice<T>(_ name: String, default fallback: T, from choices: [String: T]) throws -> T {
        guard let text = string(name) else { return fallback }
        guard let value = choices[text.lowercased()] else {
            throw ConfigurationError(variable: name, value: text,
                                     expected: "one of " + choices.keys.sorted().joined(separator: ", "))
        }
        return value
    }
}
