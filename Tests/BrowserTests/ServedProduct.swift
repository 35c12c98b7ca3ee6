import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPClient
import TestSupport

/// `counterpart serve` on a free port over a test schema, with the repository's themes and
/// static files, reached through the partners' hosts under `baseDomain`; and its command line
/// for seeding.
final class ServedProduct {
    /// The base domain partners' hosts sit under; Chromium maps every name in it to 127.0.0.1.
    static let baseDomain = "portal.test"

    let port: UInt16
    private let process: Process
    private let environment: [String: String]

    init(databaseURL: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        port = try FreePort.find()
        environment = [
            "DATABASE_URL": databaseURL, "COUNTERPART_LISTEN": "127.0.0.1:\(port)", "COUNTERPART_LOG_LEVEL": "warning",
            "COUNTERPART_BASE_DOMAIN": Self.baseDomain, "COUNTERPART_PUBLIC_URL": "http://\(Self.baseDomain)",
            "COUNTERPART_THEMES_DIR": root.appendingPathComponent("Themes").path,
            "COUNTERPART_PUBLIC_DIR": root.appendingPathComponent("Public").path,
            "COUNTERPART_MIGRATIONS_DIR": TenantTestDatabase.migrationsDirectory.path,
            "COUNTERPART_MAIL_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID())").path,
        ]
        process = try Executable.start(["serve"], environment: environment)
        let client = try HTTPClient()
        var ready = false
        for _ in 0..<300 where !ready {
            ready = (try? client.send(OutboundRequest(url: "http://127.0.0.1:\(port)/readyz", totalTimeout: .seconds(1))))?.status == 200
            if !ready { usleep(50_000) }
        }
        guard ready else {
            process.terminate()
            throw NotReady(port: port)
        }
    }

    struct NotReady: Error, CustomStringConvertible {
        let port: UInt16
        var description: String { "counterpart serve on port \(port) did not become ready" }
    }

    struct CommandFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let errors: String
        var description: String { "counterpart \(arguments.joined(separator: " ")) failed: \(errors)" }
    }

    /// Runs a `counterpart` command against the same database.
    @discardableResult
    func command(_ arguments: [String], input: String? = nil) throws -> String {
        let run = try Executable.run(arguments, environment: environment, input: input)
        guard run.status == 0 else { throw CommandFailed(arguments: arguments, errors: run.errors) }
        return run.output
    }

    /// `http://<slug>.portal.test:<port><path>`.
    func url(_ slug: String, _ path: String) -> String {
        "http://\(slug).\(Self.baseDomain):\(port)\(path)"
    }

    /// SIGTERM, and a graceful shutdown of up to 10 s before SIGKILL.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        Self.stop(process, within: .seconds(10))
    }

    /// Waits for `process` to exit, killing it when `grace` has passed.
    static func stop(_ process: Process, within grace: Duration) {
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
