import Foundation
import Postgres
import Testing

/// Opening sessions: URL handling, the fixed session settings, failures that explain themselves.
@Suite struct ConnectionTests {
    private func show(_ setting: String, on connection: PostgresConnection) throws -> String {
        try connection.query(PostgresQuery(unsafeSQL: "SELECT current_setting($1)", binds: [setting])).single().decode(String.self, at: 0)
    }

    @Test func sessionsUseUTCAndTheFormatsTheDecodersExpect() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            #expect(try show("TimeZone", on: connection) == "UTC")
            #expect(try show("DateStyle", on: connection).hasPrefix("ISO"))
            #expect(try show("bytea_output", on: connection) == "hex")
            #expect(try show("client_encoding", on: connection) == "UTF8")
            #expect(try show("application_name", on: connection) == "postgres-tests")
            #expect(try show("search_path", on: connection) == db.name)
            #expect(connection.serverVersion >= 150_000)
        }
    }

    @Test func runtimeParametersWithSpacesAndTheURLsOwnOptionsBothApply() throws {
        try TestDatabase.withServer {
            var configuration = try TestDatabase.configuration()
            configuration.url += (configuration.url.contains("?") ? "&" : "?") + "options=-c%20work_mem%3D5MB"
            configuration.runtimeParameters = ["search_path": "\"odd schema\", public", "statement_timeout": "1234ms"]
            let connection = try PostgresConnection(configuration: configuration, logger: TestDatabase.logger)
            #expect(try show("search_path", on: connection) == "\"odd schema\", public")
            #expect(try show("statement_timeout", on: connection) == "1234ms")
            #expect(try show("work_mem", on: connection) == "5MB")
            #expect(try show("TimeZone", on: connection) == "UTC")
        }
    }

    @Test func theFixedSettingsCannotBeOverridden() throws {
        var configuration = try TestDatabase.configuration()
        configuration.runtimeParameters = ["timezone": "Europe/Berlin"]
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(configuration: configuration, logger: TestDatabase.logger)
        }
        #expect(error?.kind == .invalidUsage)
        #expect(error?.message.contains("timezone") == true)
    }

    @Test func aMalformedURLFailsBeforeAnyNetworkTraffic() {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(configuration: .init(url: "postgresql://host:notaport/db?bogus=1"), logger: TestDatabase.logger)
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("invalid connection URL") == true)
    }

    @Test func aRefusedConnectionSaysWhereAndNeverShowsThePassword() {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(configuration: .init(url: "postgresql://app:s3cret-pw@127.0.0.1:1/db", connectTimeout: .seconds(2)),
                                   logger: TestDatabase.logger)
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("127.0.0.1") == true)
        #expect(error?.description.contains("s3cret-pw") == false)
    }

    @Test func aStatementTimeoutIsQueryCanceledAndTheSessionSurvives() throws {
        try TestDatabase.withServer {
            var configuration = try TestDatabase.configuration()
            configuration.runtimeParameters = ["statement_timeout": "50ms"]
            let connection = try PostgresConnection(configuration: configuration, logger: TestDatabase.logger)
            let error = #expect(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(30)") }
            #expect(error?.code == .queryCanceled)
            #expect(error?.isConnectionError == false)
            let after = try connection.query("SELECT 1").count
            #expect(after == 1)
        }
    }

    @Test func identifiersAreQuotedByLibpq() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            #expect(try connection.quoteIdentifier("orders") == "\"orders\"")
            #expect(try connection.quoteIdentifier("we\"ird name") == "\"we\"\"ird name\"")
        }
    }

    @Test func aClosedConnectionRefusesWork() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            connection.close()
            #expect(!connection.isOpen)
            let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
            #expect(error?.kind == .connectionLost)
        }
    }
}
