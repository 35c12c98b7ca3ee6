/// How to reach PostgreSQL and how each session is set up.
///
/// `url` is anything libpq accepts (libpq docs §34.1.1, "Connection Strings"): a URI such as
/// `postgresql://user@host:5432/db?sslmode=require` or `key=value` pairs. On top of it every
/// session gets the settings this module's decoders rely on: UTF-8, `TimeZone = UTC`,
/// `DateStyle = ISO`, `IntervalStyle = postgres`, `bytea_output = hex`.
public struct PostgresConfiguration: Sendable {
    /// The libpq connection string or URI. It may hold a password: never log it.
    public var url: String
    /// How long opening a connection may take (libpq `connect_timeout`, whole seconds, at least
    /// 2 as libpq requires). Applied unless the URL sets its own.
    public var connectTimeout: Duration
    /// Shown in `pg_stat_activity.application_name`, unless the URL sets one.
    public var applicationName: String?
    /// Further session settings sent at connect time (`-c name=value`), e.g.
    /// `["statement_timeout": "30s", "search_path": "tenant_a"]`. They survive `RESET ALL`.
    /// The settings listed above are fixed; naming one of them here fails the connect.
    public var runtimeParameters: [String: String]

    /// A configuration with the defaults: 10 s connect timeout, application name `counterpart`.
    public init(url: String, connectTimeout: Duration = .seconds(10), applicationName: String? = "counterpart",
                runtimeParameters: [String: String] = [:]) {
        self.url = url
        self.connectTimeout = connectTimeout
        self.applicationName = applicationName
        self.runtimeParameters = runtimeParameters
    }

    /// The settings the text-format decoders depend on; the server must report them back.
    static let requiredSessionSettings: [(name: String, value: String)] = [
        ("TimeZone", "UTC"), ("DateStyle", "ISO"), ("IntervalStyle", "postgres"), ("bytea_output", "hex"),
    ]

    /// `-c name=value` switches for the startup packet's `options`, with spaces and backslashes
    /// escaped as libpq's `options` parameter requires (libpq docs §34.1.2, "options").
    var sessionOptions: String {
        get throws {
            let fixed = Set(Self.requiredSessionSettings.map { $0.name.lowercased() })
            if let clash = runtimeParameters.keys.first(where: { fixed.contains($0.lowercased()) }) {
                throw PostgresError(.invalidUsage, "runtimeParameters may not set \(clash): the row decoders rely on its fixed value")
            }
            let settings = runtimeParameters.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
                + Self.requiredSessionSettings
            return settings.map { "-c " + Self.escapeOption("\($0.name)=\($0.value)") }.joined(separator: " ")
        }
    }

    /// libpq `connect_timeout`: whole seconds, rounded up, at least 2.
    var connectTimeoutSeconds: Int {
        let (seconds, attoseconds) = connectTimeout.components
        return max(2, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    private static func escapeOption(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == " " { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
