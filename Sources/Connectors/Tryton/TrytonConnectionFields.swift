/// The connection fields both Tryton connectors declare (ERP and POS differ only in the
/// database's default), so the portal shows one form and ``TrytonSettings`` reads one shape.
public enum TrytonConnectionFields {
    /// `server_url`.
    public static let serverURL = "server_url"
    /// `database`.
    public static let database = "database"
    /// `login`.
    public static let login = "login"
    /// `password` (secret).
    public static let password = "password"
    /// `company` (optional).
    public static let company = "company"
    /// `warehouse` (optional).
    public static let warehouse = "warehouse"

    /// The fields, in form order, with `database` defaulting to `defaultDatabase`.
    public static func fields(defaultDatabase: String, warehouseHelp: String) -> [ConnectionField] {
        [
            ConnectionField(serverURL, label: "Server URL",
                            help: "The address the Tryton client connects to, e.g. https://erp.example.com (trytond's [web] listen, behind its proxy).",
                            kind: .url(schemes: ["http", "https"])),
            ConnectionField(database, label: "Database",
                            help: "The Tryton database, as shown in the Tryton client's log-in dialog.",
                            defaultValue: defaultDatabase),
            ConnectionField(login, label: "Login",
                            help: "A Tryton user for Counterpart alone (failed log-ins are throttled per user), with access to the company's sales and stock."),
            ConnectionField(password, label: "Password", help: "That user's password.", kind: .secret),
            ConnectionField(company, label: "Company",
                            help: "The company's name, when the user works for several; empty: the user's current company.",
                            isRequired: false),
            ConnectionField(warehouse, label: "Warehouse code", help: warehouseHelp, isRequired: false),
        ]
    }
}
