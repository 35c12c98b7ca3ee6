import App
import ArgumentParser
import Foundation
import Sockets

/// `counterpart serve | worker | migrate | partner add | user add | token add | keys rotate | version`.
@main
struct Counterpart: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counterpart, the white-label retail integration platform.",
        subcommands: [Serve.self, Worker.self, Migrate.self, PartnerCommands.self, UserCommands.self, TokenCommands.self, KeyCommands.self,
                      ShowVersion.self]
    )
}

extension Counterpart {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the portal, the API and webhooks, and run the job workers unless COUNTERPART_JOB_WORKERS_ENABLED=false.")

        func run() throws {
            // Before any thread exists, so every thread inherits the blocked signals.
            ShutdownSignals.block()
            let configuration = try loadConfiguration()
            let application = try Application(configuration: configuration, metricsRegistry: Application.bootstrap(configuration))
            do {
                try application.runUntilSignalled(jobWorkers: configuration.serveRunsJobWorkers)
            } catch let error as ConfigurationError {
                FileHandle.standardError.write(Data("counterpart: configuration error: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }

    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "worker", abstract: "Run the job workers and maintenance only, no HTTP (COUNTERPART_JOB_WORKERS threads).")

        func run() throws {
            ShutdownSignals.block()
            let configuration = try loadConfiguration()
            let application = try Application(configuration: configuration, metricsRegistry: Application.bootstrap(configuration))
            do {
                try application.runJobWorkersUntilSignalled()
            } catch let error as ConfigurationError {
                FileHandle.standardError.write(Data("counterpart: configuration error: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate", abstract: "Apply pending database migrations from COUNTERPART_MIGRATIONS_DIR.")

        func run() throws {
            let application = try Application(configuration: try loadConfiguration())
            let applied = try application.migrate()
            if applied.isEmpty {
                print("migrations: up to date")
            } else {
                for name in applied { print("migrations: applied \(name)") }
            }
        }
    }

    struct ShowVersion: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

        func run() {
            print("counterpart \(Version.current)")
        }
    }
}

/// Reads the configuration, turning a bad value into a one-line message and exit status 2.
func loadConfiguration(requireDatabase: Bool = true) throws -> AppConfiguration {
    do {
        return try AppConfiguration(environment: ProcessInfo.processInfo.environment, requireDatabase: requireDatabase)
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("counterpart: configuration error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
