import Foundation
import HTTPClient
import Postgres
import Testing
@testable import App

/// The application wired as `counterpart serve` wires it, against the real test database: each
/// test gets its own schema (through libpq's `options`) and its own migrations folder.
@Suite struct ApplicationTests {
    @Test func readyzIsReadyOnceEveryMigrationIsApplied() throws {
        try withApplication(migrations: ["0001_first.sql": "CREATE TABLE first_table (id int PRIMARY KEY);"]) { app, client, base in
            let before = try client.send(OutboundRequest(method: .get, url: base + "/readyz"))
            #expect(before.status == 503)
            #expect(before.text.contains(#""pending_migrations":["0001_first.sql"]"#))

            #expect(try app.migrate() == ["0001_first.sql"])
            let after = try client.send(OutboundRequest(method: .get, url: base + "/readyz"))
            #expect(after.status == 200)
            #expect(after.text.contains(#""ready":true"#))
            #expect(try app.migrate().isEmpty)
        }
    }

    @Test func healthzAndVersionAnswerWithoutTheDatabase() throws {
        try withApplication(migrations: [:], databaseURL: "postgresql://nobody@127.0.0.1:1/none") { _, client, base in
            let health = try client.send(OutboundRequest(method: .get, url: base + "/healthz"))
            #expect(health.status == 200)
            #expect(health.text == "ok\n")
            #expect(health.headers["X-Request-Id"]?.count == 20)
            let version = try client.send(OutboundRequest(method: .get, url: base + "/version"))
            #expect(version.text == #"{"name":"counterpart","version":"\#(Version.current)"}"#)
            let ready = try client.send(OutboundRequest(method: .get, url: base + "/readyz"))
            #expect(ready.status == 503)
            #expect(ready.text.contains(#""database":"unreachable""#))
        }
    }

    @Test func startRefusesAnAppliedMigrationThatWasEdited() throws {
        let folder = try MigrationsFolder(["0001_first.sql": "CREATE TABLE edited_table (id int);"])
        try TestSchema.with { url in
            let app = try Application(configuration: configuration(url: url, migrations: folder.path))
            _ = try app.migrate()
            try folder.write("0001_first.sql", "CREATE TABLE edited_table (id bigint);")
            let edited = try Application(configuration: configuration(url: url, migrations: folder.path))
            let error = #expect(throws: MigrationError.self) { try edited.start() }
            #expect(error?.description.contains("0001_first.sql was edited after it was applied") == true)
            #expect(edited.server.port == 0, "the server must not have started")
        }
    }

    @Test func staticFilesAreServedFromThePublicFolder() throws {
        try withApplication(migrations: [:]) { _, client, base in
            let file = try client.send(OutboundRequest(method: .get, url: base + "/probe.txt"))
            #expect(file.status == 200)
            #expect(file.text == "public probe\n")
            #expect(file.headers["ETag"] != nil)
            let traversal = try client.send(OutboundRequest(method: .get, url: base + "/%2e%2e/Package.swift"))
            #expect(traversal.status == 404)
        }
    }

    // MARK: Fixtures

    private func configuration(url: String, migrations: String, publicDirectory: String = "/nonexistent") throws -> AppConfiguration {
        try AppConfiguration(environment: [
            "DATABASE_URL": url, "COUNTERPART_LISTEN": "127.0.0.1:0", "COUNTERPART_LOG_LEVEL": "critical",
            "COUNTERPART_MIGRATIONS_DIR": migrations, "COUNTERPART_PUBLIC_DIR": publicDirectory,
            "COUNTERPART_WORKERS": "2", "COUNTERPART_EVENT_LOOPS": "1",
        ])
    }

    private func withApplication(migrations: [String: String], databaseURL: String? = nil,
                                 _ body: (Application, HTTPClient, String) throws -> Void) throws {
        let folder = try MigrationsFolder(migrations)
        let publicFolder = try MigrationsFolder(["probe.txt": "public probe\n"])
        func run(_ url: String) throws {
            let app = try Application(configuration: configuration(url: url, migrations: folder.path,
                                                                   publicDirectory: publicFolder.path))
            try app.start()
            defer {
                app.server.shutdown()
                app.database.close()
            }
            let client = try HTTPClient()
            try body(app, client, "http://127.0.0.1:\(app.server.port)")
        }
        if let databaseURL { try run(databaseURL) } else { try TestSchema.with { try run($0) } }
    }
}

/// A temporary folder of files, removed when the value goes away.
final class MigrationsFolder {
    let path: String

    init(_ files: [String: String]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("app-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, contents) in files { try write(name, contents) }
    }

    func write(_ name: String, _ contents: String) throws {
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path).appendingPathComponent(name))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A schema of its own in the test database, put first on `search_path` through the URL.
enum TestSchema {
    static func with(_ body: (String) throws -> Void) throws {
        // These tests bring their own migrations, so they run as the schema's owner.
        let environment = ProcessInfo.processInfo.environment
        guard let base = [environment["DATABASE_OWNER_URL"], environment["DATABASE_URL"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw SetupError(description: "DATABASE_OWNER_URL is not set; run the tests through `make test`")
        }
        let name = "app_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try PostgresConnection(configuration: PostgresConfiguration(url: base), logger: .init(label: "app-tests"))
        try admin.runScript(unsafeSQL: "CREATE SCHEMA \(try admin.quoteIdentifier(name))")
        defer { _ = try? admin.runScript(unsafeSQL: "DROP SCHEMA \(try admin.quoteIdentifier(name)) CASCADE") }
        let separator = base.contains("?") ? "&" : "?"
        try body(base + separator + "options=-csearch_path%3D" + name)
    }

    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }
}
