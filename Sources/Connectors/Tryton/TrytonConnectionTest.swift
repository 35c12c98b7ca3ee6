/// "Test connection" for both Tryton connectors: the server's version (`common.server.version`,
/// no session needed), then a log-in with the connection's user, which also resolves the
/// company and its currency, then what the connector itself wants to show.
enum TrytonConnectionTest {
    static func run(client: TrytonClient, system: String,
                    extraFacts: () throws(ConnectorError) -> [ConnectionReport.Fact]) throws(ConnectorError) -> ConnectionReport {
        let clock = ContinuousClock()
        let start = clock.now
        let version = try client.callServer("common.server.version").stringValue ?? "unknown"
        let session = try client.session()
        let settings = client.settings
        var facts = [
            ConnectionReport.Fact("Tryton version", version),
            ConnectionReport.Fact("Database", settings.database),
            ConnectionReport.Fact("User", "\(settings.login) (id \(session.userID))"),
            ConnectionReport.Fact("Company", "\(session.companyName) (\(session.currency))"),
        ]
        facts += try extraFacts()
        return ConnectionReport(summary: "Connected to \(system) \(version) at \(settings.serverURL), database \(settings.database)",
                                facts: facts, elapsed: clock.now - start)
    }
}
