/// The parameters of one statement: `$1`, `$2`, … in order, each as text (or NULL) with a type.
///
/// Values are encoded when appended. An encoding failure is kept and thrown when the statement
/// runs, so that building a `PostgresQuery` by string interpolation needs no `try`.
public struct PostgresBindings: Sendable {
    /// The parameters' text forms; nil is NULL.
    public private(set) var values: [String?] = []
    /// The parameters' types, parallel to `values`.
    public private(set) var dataTypes: [PostgresDataType] = []
    /// The first encoding failure, thrown when the statement runs.
    private(set) var encodingError: PostgresError?

    /// No parameters.
    public init() {}

    /// The number of parameters.
    public var count: Int { values.count }

    /// Appends a value as the next parameter.
    public mutating func append(_ value: some PostgresEncodable) {
        appendEncoded(type(of: value).postgresDataType) { try value.postgresText() }
    }

    /// Appends an existential value as the next parameter.
    public mutating func append(_ value: any PostgresEncodable) {
        appendEncoded(type(of: value).postgresDataType) { try value.postgresText() }
    }

    private mutating func appendEncoded(_ dataType: PostgresDataType, _ encode: () throws -> String?) {
        do {
            values.append(try encode())
        } catch {
            values.append(nil)
            if encodingError == nil {
                var failure = error as? PostgresError ?? PostgresError(.encoding, "\(error)")
                failure.message = "parameter $\(values.count): \(failure.message)"
                encodingError = failure
            }
        }
        dataTypes.append(dataType)
    }

    /// Throws the first encoding failure, if any.
    func validate() throws {
        if let encodingError { throw encodingError }
    }
}
