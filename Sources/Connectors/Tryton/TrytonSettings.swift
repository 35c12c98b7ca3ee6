import Foundation

/// What a Tryton connection needs, read from a ``ConnectionConfiguration`` through the fields
/// both Tryton descriptors declare (``TrytonConnectionFields``).
public struct TrytonSettings: Sendable, Hashable, CustomStringConvertible {
    /// The server's root, without a trailing slash (`http://127.0.0.1:8000`).
    public var serverURL: String
    /// The database (`erp`, `pos`): JSON-RPC goes to `<server>/<database>/rpc/`.
    public var database: String
    /// The Tryton user's login.
    public var login: String
    /// Its password; never shown (``description`` leaves it out).
    public var password: String
    /// The company to work in, by its party name; nil: the user's current company.
    public var company: String?
    /// The warehouse (`stock.location` code, e.g. `ST1`) stock and sales use; nil: every
    /// warehouse for stock, the company's first warehouse for sales.
    public var warehouse: String?

    /// Settings given directly.
    public init(serverURL: String, database: String, login: String, password: String, company: String? = nil,
                warehouse: String? = nil) {
        var url = serverURL
        while url.hasSuffix("/") { url.removeLast() }
        self.serverURL = url
        self.database = database
        self.login = login
        self.password = password
        self.company = company
        self.warehouse = warehouse
    }

    /// Settings from a saved configuration, defaults filled in by `descriptor`.
    ///
    /// - Throws: a permanent error naming the first field that is missing or malformed.
    public init(_ configuration: ConnectionConfiguration, descriptor: ConnectorDescriptor) throws(ConnectorError) {
        let filled = descriptor.withDefaults(configuration)
        if let problem = descriptor.problems(in: filled).first {
            throw ConnectorError.permanent("The Tryton connection is not usable: \(problem.path) \(problem.message).")
        }
        func optional(_ name: String) -> String? {
            guard let value = filled[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        self.init(serverURL: try filled.required(TrytonConnectionFields.serverURL),
                  database: try filled.required(TrytonConnectionFields.database),
                  login: try filled.required(TrytonConnectionFields.login),
                  password: try filled.required(TrytonConnectionFields.password),
                  company: optional(TrytonConnectionFields.company),
                  warehouse: optional(TrytonConnectionFields.warehouse))
    }

    /// The database's JSON-RPC endpoint. Tryton 8.2 serves it at `/<db>/rpc/`; `POST /<db>/`
    /// answers 405.
    var databaseEndpoint: String {
        let escaped = database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? database
        return "\(serverURL)/\(escaped)/rpc/"
    }

    /// The server-level endpoint (`common.server.version`, `common.db.list`).
    var serverEndpoint: String { "\(serverURL)/rpc/" }

    /// The settings without the password.
    public var description: String {
        "Tryton \(serverURL) database \(database) as \(login)"
            + (company.map { " company \($0)" } ?? "") + (warehouse.map { " warehouse \($0)" } ?? "")
    }
}
