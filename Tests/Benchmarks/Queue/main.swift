// make bench-queue (issue 6, "Performance"): no-op jobs enqueued and completed per second end to
// end through the worker pool, in a fresh schema of the database BENCH_OWNER_URL / BENCH_APP_URL
// name. A program, not a test (STYLE.md habit 15): it prints the figure and the command.
// Tests/Benchmarks/bench-queue.sh runs it several times beside its peers (pgqueuer, and the
// pgbench SKIP LOCKED ceiling) and prints the BENCH lines from the RESULT lines it prints.
import Foundation
import Jobs
import Logging
import Postgres
import Synchronization

func environment(_ name: String, default fallback: String? = nil) -> String {
    if let value = ProcessInfo.processInfo.environment[name], !value.isEmpty { return value }
    guard let fallback else { fatalError("\(name) is not set (make bench-queue sets it)") }
    return fallback
}

let jobCount = Int(environment("BENCH_JOBS", default: "20000"))!
let workers = Int(environment("BENCH_WORKERS", default: "16"))!
let batch = Int(environment("BENCH_BATCH", default: "100"))!
var logger = Logger(label: "bench-queue")
logger.logLevel = .error

let schema = "bench_queue_\(UUID().uuidString.prefix(8).lowercased())"
let ownerURL = environment("BENCH_OWNER_URL"), appURL = environment("BENCH_APP_URL")
let setup = try PostgresConnection(configuration: PostgresConfiguration(url: ownerURL), logger: logger)
try setup.runScript(unsafeSQL: "CREATE SCHEMA \(schema)")
defer { try? setup.runScript(unsafeSQL: "DROP SCHEMA \(schema) CASCADE") }
var ownerConfiguration = PostgresConfiguration(url: ownerURL)
ownerConfiguration.runtimeParameters["search_path"] = schema
let ownerPool = try PostgresPool(configuration: .init(connection: ownerConfiguration, maximumConnections: 1), logger: logger)
_ = try Migrator(directory: URL(fileURLWithPath: environment("BENCH_MIGRATIONS", default: "Migrations")), logger: logger)
    .migrate(pool: ownerPool)
ownerPool.close()

var appConfiguration = PostgresConfiguration(url: appURL)
appConfiguration.runtimeParameters["search_path"] = schema
let pool = try PostgresPool(configuration: .init(connection: appConfiguration, maximumConnections: 8), logger: logger)
let platform: @Sendable (PostgresConnection) throws -> Void = {
    _ = try $0.query("SELECT set_config('role', 'counterpart_platform', true)")
}

let done = Mutex(0)
let finished = DispatchSemaphore(value: 0)
let workerPool = try WorkerPool(
    database: pool,
    handlers: [JobHandlerFunction(kind: "bench.noop") { _ in
        if done.withLock({ $0 += 1; return $0 }) == jobCount { finished.signal() }
        return .completed
    }],
    configuration: WorkerPoolConfiguration(workers: workers, runsMaintenance: false),
    enterScope: platform, logger: logger)
try workerPool.start()

// Producer and workers run together: the clock runs from the first enqueue to the last completion
// written (stop() returns once every outcome is committed).
let start = DispatchTime.now()
let producer = Thread {
    var sent = 0
    while sent < jobCount {
        let size = min(batch, jobCount - sent)
        let jobs = (0..<size).map { NewJob(kind: "bench.noop", payloadJSON: "{\"n\":\(sent + $0)}", fairnessKey: "c\(($0 + sent) % 8)") }
        _ = try! pool.transaction { connection in
            try platform(connection)
            return try JobQueue.insert(jobs, now: Date(), on: connection)
        }
        sent += size
    }
}
producer.start()
finished.wait()
workerPool.stop()
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
let completed = try pool.transaction { connection in
    try platform(connection)
    return try connection.query("SELECT count(*) FROM jobs WHERE state = 'completed'").single().decode(Int.self, at: 0)
}
pool.close()
print("command: make bench-queue  (BENCH_JOBS=\(jobCount) BENCH_WORKERS=\(workers) BENCH_BATCH=\(batch), release build, one process)")
print(String(format: "%d no-op jobs enqueued in batches of %d and completed in %.2f s; completed rows durable: %d of %d",
             jobCount, batch, seconds, completed, jobCount))
print(String(format: "RESULT %.1f", Double(jobCount) / seconds))
