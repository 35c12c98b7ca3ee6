public import Foundation
public import HTTPClient

/// CSV files over SFTP with a legacy ERP or 3PL (issue 5 §5): item master and stock files come
/// in, orders go out, one file each.
///
/// The inbound side is a hand-over in two steps, so nothing is lost and nothing half-applied:
///
/// 1. ``takeFiles(limit:)`` reads the waiting files whole. A file with any bad row comes back
///    `.rejected` with every problem (file, line, column, rule) and none of its records.
/// 2. The flow stores the records (or the rejection in the exception queue) durably, and only
///    then calls ``markProcessed(_:)`` or ``markFailed(_:problems:)``, which move the file to
///    processed/ or failed/ (with `NAME.errors.txt` beside it).
///
/// A crash between the steps leaves the file in the inbound directory and it is read again:
/// delivery is at least once, and the records are idempotent by nature (products and prices by
/// SKU, stock levels absolute with the file's time).
///
/// The outbound side writes each order atomically under a name made from our reference, so
/// the other system never picks up half a file and a retry never writes a second one.
public struct FileDropConnector: Connector, OrderTarget {
    /// The connection's settings.
    public let settings: FileDropSettings
    let client: SFTPClient
    let now: @Sendable () -> Date

    /// A connector for `configuration`.
    ///
    /// - Parameters:
    ///   - sftp: timeouts and limits of the SFTP client.
    ///   - now: the clock, for the time of files without a modification time and for the names
    ///     of files moved beside an existing one.
    /// - Throws: a permanent ``ConnectorError`` naming every field that is missing or wrong.
    public init(configuration: ConnectionConfiguration, sftp: SFTPClient.Configuration = SFTPClient.Configuration(),
                now: @escaping @Sendable () -> Date = { Date() }) throws(ConnectorError) {
        let settings = try FileDropSettings(configuration)
        do {
            client = try SFTPClient(server: settings.server, configuration: sftp)
        } catch {
            throw ConnectorError.permanent("The file drop connection is not configured right: \(error.detail). Edit the connection.")
        }
        self.settings = settings
        self.now = now
    }

    /// Logs in and lists each configured directory: proves the host key, the key, the user's
    /// rights and the directories in one go, and reports how many files wait.
    public func testConnection() throws(ConnectorError) -> ConnectionReport {
        let started = ContinuousClock.now
        var facts: [ConnectionReport.Fact] = []
        let directories = [("Inbound", settings.inbound), ("Processed", settings.processed),
                           ("Failed", settings.failed), ("Outbound", settings.outbound)]
        for (label, directory) in directories {
            let entries = try sftp("listing the \(label.lowercased()) directory") { () throws(SFTPError) in
                try client.list(directory)
            }
            let files = entries.filter { $0.kind == .file }
            facts.append(.init("\(label) directory", "\(directory) (\(files.count) files)"))
            if label == "Inbound" {
                let items = files.filter { settings.itemFiles.matches($0.name) }.count
                let stock = files.filter { settings.stockFiles.matches($0.name) }.count
                facts.append(.init("Waiting files", "\(items) item master (\(settings.itemFiles)), \(stock) stock (\(settings.stockFiles))"))
            }
        }
        facts.append(.init("Host key", settings.server.hostKey.description))
        return ConnectionReport(summary: "Connected to SFTP \(settings.server.username)@\(settings.server.host):\(settings.server.port)",
                                facts: facts, elapsed: ContinuousClock.now - started)
    }

    /// Runs an SFTP call, classing its failure.
    func sftp<T>(_ action: String, _ body: () throws(SFTPError) -> T) throws(ConnectorError) -> T {
        do {
            return try body()
        } catch {
            throw ConnectorError(error, while: action, server: settings.server)
        }
    }
}
