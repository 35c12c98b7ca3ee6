public import Commerce
public import HTTPClient
import Foundation

/// A file drop connection's configuration, read and checked once: where to log in, which
/// directories, which files, how they are written. Built from a ``ConnectionConfiguration`` by
/// ``init(_:)``, which names every bad field.
public struct FileDropSettings: Sendable, Hashable {
    /// The login (host, port, user, key, pinned host key).
    public var server: SFTPServer
    /// Where the other system drops its files.
    public var inbound: SFTPPath
    /// Where handed-over files go.
    public var processed: SFTPPath
    /// Where rejected files go, with their `.errors.txt`.
    public var failed: SFTPPath
    /// Where order files are written.
    public var outbound: SFTPPath
    /// Which inbound files are item master files.
    public var itemFiles: FileNamePattern
    /// Which inbound files are stock files.
    public var stockFiles: FileNamePattern
    /// The order file name template, with `{reference}`.
    public var orderFileName: String
    /// How the files are written.
    public var dialect: CSVDialect
    /// Which columns hold which fields.
    public var columns: ColumnMapping
    /// The currency of prices.
    public var currency: CurrencyCode
    /// Whether prices include tax.
    public var taxInclusion: TaxInclusion
    /// The location of stock rows without one.
    public var stockLocation: String

    /// Reads `configuration` (defaults filled in from the descriptor).
    ///
    /// - Throws: a permanent ``ConnectorError`` naming every field that is missing or wrong.
    public init(_ configuration: ConnectionConfiguration) throws(ConnectorError) {
        let descriptor = FileDropConnector.descriptor
        let filled = descriptor.withDefaults(configuration)
        var problems = descriptor.problems(in: configuration).map(\.description)
        func value(_ name: String) -> String { filled[name] ?? "" }
        func check<T>(_ name: String, _ make: () throws -> T) -> T? {
            do { return try make() } catch { problems.append("\(name): \(error)"); return nil }
        }

        let inbound = check("inbound_directory") { try SFTPPath(value("inbound_directory")) }
        func directory(_ name: String) -> SFTPPath? {
            check(name) { try SFTPPath(value(name).replacingOccurrences(of: "{inbound}", with: inbound?.text ?? "/")) }
        }
        let processed = directory("processed_directory")
        let failed = directory("failed_directory")
        let outbound = check("outbound_directory") { try SFTPPath(value("outbound_directory")) }
        let hostKey = check("host_key_fingerprint") { try SFTPHostKeyFingerprint(value("host_key_fingerprint")) }
        let itemFiles = check("item_file_pattern") { try FileNamePattern(value("item_file_pattern")) }
        let stockFiles = check("stock_file_pattern") { try FileNamePattern(value("stock_file_pattern")) }
        let columns = check("column_mapping") { try ColumnMapping(value("column_mapping")) }
        let currency = CurrencyCode(value("currency"))
        if currency == nil { problems.append("currency: \(value("currency")) is not an ISO 4217 currency code such as EUR") }
        let orderFileName = value("order_file_name")
        if !orderFileName.contains("{reference}") || orderFileName.contains("/") {
            problems.append("order_file_name: must contain {reference} and no /")
        }
        let stockLocation = value("stock_location")
        let server = hostKey.map {
            SFTPServer(host: value("host"), port: Int(value("port")) ?? 22, username: value("username"),
                       privateKey: value("private_key"), hostKey: $0)
        }

        guard problems.isEmpty, let server, let inbound, let processed, let failed, let outbound, let itemFiles,
              let stockFiles, let columns, let currency else {
            throw ConnectorError.permanent("The file drop connection is not configured right: "
                                           + problems.joined(separator: "; ") + ". Edit the connection.")
        }
        self.server = server
        self.inbound = inbound
        self.processed = processed
        self.failed = failed
        self.outbound = outbound
        self.itemFiles = itemFiles
        self.stockFiles = stockFiles
        self.orderFileName = orderFileName
        self.columns = columns
        self.currency = currency
        self.stockLocation = stockLocation
        taxInclusion = value("prices_include_tax") == "yes" ? .inclusive : .exclusive
        dialect = CSVDialect(
            delimiter: CSVDialect.Delimiter(rawValue: value("delimiter")) ?? .semicolon,
            encoding: CSVDialect.Encoding(rawValue: value("encoding")) ?? .utf8,
            decimalSeparator: CSVDialect.DecimalSeparator(rawValue: value("decimal_separator")) ?? .comma,
            lineEnding: CSVDialect.LineEnding(rawValue: value("line_ending")) ?? .crlf)
    }
}
