import Foundation
import Glibc
import Testing
import TestSupport
@testable import App

/// `counterpart worker` and the variables that say where the job workers run.
@Suite struct JobWorkersCommandTests {
    private let database = ["DATABASE_URL": "postgresql://counterpart@127.0.0.1:5432/counterpart"]

    @Test func serveRunsFourJobWorkersByDefault() throws {
        let configuration = try AppConfiguration(environment: database)
        #expect(configuration.serveRunsJobWorkers)
        #expect(configuration.jobs.workers == 4)
    }

    @Test func jobWorkersCanBeSwitchedOffForServeAndSized() throws {
        let configuration = try AppConfiguration(environment: database.merging([
            "COUNTERPART_JOB_WORKERS_ENABLED": "false", "COUNTERPART_JOB_WORKERS": "12",
        ]) { $1 })
        #expect(!configuration.serveRunsJobWorkers)
        #expect(configuration.jobs.workers == 12)
    }

    @Test func webhookDeliveriesShareCommitsUnlessToldToCommitEachAlone() throws {
        #expect(try AppConfiguration(environment: database).ingestGroupCommit)
        #expect(try !AppConfiguration(environment: database.merging(["COUNTERPART_INGEST_COMMIT": "each"]) { $1 }).ingestGroupCommit)
    }

    @Test(arguments: [("COUNTERPART_JOB_WORKERS_ENABLED", "no", "one of false, true"),
                      ("COUNTERPART_JOB_WORKERS", "0", "a whole number from 1 to 256"),
                      ("COUNTERPART_INGEST_COMMIT", "batch", "one of each, group")])
    func aBadJobVariableIsRefusedByName(variable: String, value: String, expected: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: database.merging([variable: value]) { $1 })
        }
        #expect(error?.description == "\(variable)=\"\(value)\" is not valid: expected \(expected)")
    }

    @Test func leasesAndMaintenanceCanBeShortenedForAQuickRescue() throws {
        let configuration = try AppConfiguration(environment: database.merging([
            "COUNTERPART_JOB_LEASE": "2", "COUNTERPART_JOB_MAINTENANCE_INTERVAL": "1", "COUNTERPART_JOB_LEADER_LEASE": "3",
        ]) { $1 })
        #expect(configuration.jobs.leaseDuration == .seconds(2))
        #expect(configuration.jobs.maintenanceInterval == .seconds(1))
        #expect(configuration.jobs.leaderLease == .seconds(3))
    }

    @Test func aLeaderLeaseNoLongerThanTheMaintenanceIntervalIsRefused() {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: database.merging([
                "COUNTERPART_JOB_MAINTENANCE_INTERVAL": "10", "COUNTERPART_JOB_LEADER_LEASE": "10",
            ]) { $1 })
        }
        #expect(error?.variable == "COUNTERPART_JOB_LEADER_LEASE")
    }

    @Test func workerStopsCleanlyOnSIGTERMAgainstTheRealDatabase() throws {
        try TenantTestDatabase.withSchema { db in
            let worker = try Executable.start(["worker"], environment: [
                "DATABASE_URL": db.applicationURL, "COUNTERPART_LOG_LEVEL": "info",
            ])
            defer { if worker.isRunning { worker.terminate() } }
            // Its first maintenance pass makes it the leader: proof the pool runs, without sleeping.
            let deadline = Date().addingTimeInterval(30)
            var leader: String?
            while leader == nil, Date() < deadline {
                leader = try db.owner.query("SELECT leader_id FROM job_leader").first?.decode(String.self, at: 0)
                if leader == nil { _ = try db.owner.query("SELECT pg_sleep(0.05)") }
            }
            #expect(leader?.contains(":\(worker.processIdentifier):") == true)
            kill(worker.processIdentifier, SIGTERM)
            worker.waitUntilExit()
            #expect(worker.terminationStatus == 0)
            // A graceful stop hands the lead over at once.
            #expect(try db.owner.query("SELECT count(*) FROM job_leader").single().decode(Int.self, at: 0) == 0)
        }
    }
}
