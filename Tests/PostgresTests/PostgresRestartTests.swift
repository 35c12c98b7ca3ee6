import Foundation
import Postgres
import Testing
import TestSupport

/// Recovery from a real server restart, run mid-test with `COUNTERPART_TEST_PG_RESTART`.
///
/// Each test holds the `RestartGate` exclusively, so no other test in this process is using
/// the server while it restarts; the Makefile also runs this suite on its own.
@Suite(.serialized) struct PostgresRestartTests {
    /// Runs the restart command and waits for it; it returns once the server accepts connections.
    private func restartServer() throws {
        guard let command = ProcessInfo.processInfo.environment["COUNTERPART_TEST_PG_RESTART"], !command.isEmpty else {
            throw TestDatabase.SetupError(description: "COUNTERPART_TEST_PG_RESTART is not set; it must name the command that "
                                          + "restarts the test server, e.g. \"$PWD/deploy/local/postgres.sh restart\"")
        }
        let status = try ShellCommand.run(command)
        guard status == 0 else {
            throw TestDatabase.SetupError(description: "restart command exited with status \(status): \(command)")
        }
    }

    private func backendPID(_ connection: PostgresConnection) throws -> Int32 {
        try connection.query("SELECT pg_backend_pid()").single().decode(Int32.self, at: 0)
    }

    @Test func thePoolServesTheNextQueriesAfterARestart() throws {
        try RestartGate.shared.withExclusiveAccess {
            let pool = try PostgresPool(configuration: .init(connection: try TestDatabase.configuration(), maximumConnections: 2),
                                        logger: TestDatabase.logger)
            defer { pool.close() }
            // Two idle connections, both about to be cut by the restart.
            let before = try pool.withConnection { first in
                try pool.withConnection { second in [try backendPID(first), try backendPID(second)] }
            }
            #expect(pool.statistics == .init(open: 2, idle: 2, leased: 0, waiting: 0))

            try restartServer()

            let afterQuery = try pool.query("SELECT pg_backend_pid()").single().decode(Int32.self, at: 0)
            #expect(!before.contains(afterQuery))
            let inTransaction = try pool.transaction { connection in
                try connection.setLocal("app.partner_id", "after-restart")
                return try connection.query("SELECT current_setting('app.partner_id')").single().decode(String.self, at: 0)
            }
            #expect(inTransaction == "after-restart")
            let statistics = pool.statistics
            #expect(statistics.open <= 2 && statistics.leased == 0)
        }
    }

    @Test func aListenerResubscribesAndKeepsReceivingAfterARestart() throws {
        try RestartGate.shared.withExclusiveAccess {
            let configuration = try TestDatabase.configuration()
            let channel = "restart_" + UUID().uuidString.prefix(8).lowercased()
            let inbox = EventInbox<PostgresListener.Event>()
            let listener = try PostgresListener(configuration: configuration, channels: [channel], logger: TestDatabase.logger,
                                                reconnectDelay: .milliseconds(50)) { inbox.append($0) }
            try listener.start()
            defer { listener.stop() }
            let pool = try PostgresPool(configuration: .init(connection: configuration, maximumConnections: 1),
                                        logger: TestDatabase.logger)
            defer { pool.close() }

            try pool.notify(channel: channel, payload: "before")
            #expect(inbox.waitFor { $0.payload == "before" } != nil)

            try restartServer()

            #expect(inbox.waitFor(timeout: .seconds(60)) { $0 == .reconnected } != nil, "the listener reports its reconnect")
            try pool.notify(channel: channel, payload: "after")
            #expect(inbox.waitFor { $0.payload == "after" } != nil, "the new session LISTENs again")
        }
    }
}
