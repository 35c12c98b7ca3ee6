import HTTP
import Testing
@testable import App

@Suite struct AppConfigurationTests {
    private let database = ["DATABASE_URL": "postgresql://counterpart@127.0.0.1:5432/counterpart"]

    @Test func defaultsApplyWhenOnlyTheDatabaseIsGiven() throws {
        let configuration = try AppConfiguration(environment: database)
        #expect(configuration.server.address.description == "127.0.0.1:8080")
        #expect(configuration.server.handlerThreads == 16)
        #expect(configuration.logLevel == .info)
        #expect(configuration.server.limits.maxBodyBytes == 1 << 20)
    }

    @Test func readsEveryVariable() throws {
        let configuration = try AppConfiguration(environment: database.merging([
            "COUNTERPART_LISTEN": "[::1]:9090", "COUNTERPART_WORKERS": "4", "COUNTERPART_LOG_LEVEL": "WARNING",
            "COUNTERPART_MAX_CONNECTIONS": "50", "COUNTERPART_HEADER_TIMEOUT": "3", "COUNTERPART_MAX_BODY_BYTES": "10",
        ]) { $1 })
        #expect(configuration.server.address.description == "[::1]:9090")
        #expect(configuration.server.handlerThreads == 4)
        #expect(configuration.logLevel == .warning)
        #expect(configuration.server.maxConnections == 50)
        #expect(configuration.server.headerTimeout == .seconds(3))
        #expect(configuration.server.limits.maxBodyBytes == 10)
    }

    @Test func missingDatabaseURLNamesTheVariable() {
        let error = #expect(throws: ConfigurationError.self) { try AppConfiguration(environment: [:]) }
        #expect(error?.variable == "DATABASE_URL")
        #expect(error?.description.contains("DATABASE_URL is not set") == true)
    }

    @Test func databaseURLIsNotEchoedWhenMalformed() {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["DATABASE_URL": "mysql://root:hunter2@db/x"])
        }
        #expect(error?.variable == "DATABASE_URL")
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test(arguments: [
        ("COUNTERPART_LISTEN", "localhost:8080", "host:port"),
        ("COUNTERPART_LISTEN", "127.0.0.1:99999", "host:port"),
        ("COUNTERPART_WORKERS", "0", "from 1 to 1024"),
        ("COUNTERPART_WORKERS", "many", "from 1 to 1024"),
        ("COUNTERPART_LOG_LEVEL", "loud", "one of critical, debug"),
        ("COUNTERPART_HEADER_TIMEOUT", "-1", "from 1 to 3600"),
    ])
    func badValueStopsStartUpNamingTheVariable(variable: String, value: String, expected: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: database.merging([variable: value]) { $1 })
        }
        #expect(error?.variable == variable)
        #expect(error?.description.contains("\(variable)=\"\(value)\"") == true)
        #expect(error?.description.contains(expected) == true)
    }

    @Test func trustedProxiesAreParsedAndABadEntryIsNamed() throws {
        let configuration = try AppConfiguration(environment: database.merging(
            ["COUNTERPART_TRUSTED_PROXIES": "10.0.0.0/8, fd00::/8"]) { $1 })
        #expect(configuration.trustedProxies.map(\.description) == ["10.0.0.0/8", "fd00::/8"])
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: database.merging(["COUNTERPART_TRUSTED_PROXIES": "10.0.0.0/8,ingress"]) { $1 })
        }
        #expect(error?.variable == "COUNTERPART_TRUSTED_PROXIES")
        #expect(error?.value == "ingress")
    }
}
