import Crypto
import Foundation
import Logging
import Monitoring
import Postgres
import Synchronization
import Tenancy

/// This node's part in availability (issue 7 §1, Migrations/0016): every `interval` it records
/// that its roles (web, worker) were up in the current minute, and writes the webhook
/// deliveries the platform refused for its own reasons since the last time. When the database
/// is away nothing can be written — which is the point: the minutes without a heartbeat are
/// the minutes the platform was down — and refusals wait in memory (at most `maximumPending`
/// distinct ones) until it is back.
final class PlatformPresence: Sendable {
    /// How often it beats: three times a minute, so a slow beat never leaves a minute empty.
    static let interval: TimeInterval = 20
    static let maximumPending = 10_000

    private struct RefusalKey: Hashable {
        let tokenHash: [UInt8]
        let minute: Date
    }

    private struct State {
        var roles: Set<Availabilities.Role> = []
        var refusals: [RefusalKey: (count: Int, reason: String)] = [:]
        var running = false
    }

    // The platform scope reads every connection (Migrations/0010 keeps only the token's hash).
    static let customerSQL = "SELECT partner_id, customer_id FROM connections WHERE ingress_token_sha256 = $1"

    private let database: PostgresPool
    private let logger: Logger
    private let state = Mutex(State())
    private let stopped = DispatchSemaphore(value: 0)
    private let wake = DispatchSemaphore(value: 0)

    init(database: PostgresPool, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Starts beating for `role` too (the thread starts with the first role).
    func start(_ role: Availabilities.Role) {
        let startThread = state.withLock { state -> Bool in
            state.roles.insert(role)
            defer { state.running = true }
            return !state.running
        }
        guard startThread else { return }
        let thread = Thread { [self] in
            repeat {
                do {
                    try beat(at: Date())
                } catch {
                    logger.warning("presence: could not record the heartbeat; this minute counts as down unless another node beats",
                                   metadata: ["error": "\(error)"])
                }
                _ = wake.wait(timeout: .now() + Self.interval)
            } while state.withLock({ $0.running })
            stopped.signal()
        }
        thread.name = "counterpart-presence"
        thread.start()
    }

    /// Stops beating (the next minutes are down unless another node beats).
    func stop() {
        let wasRunning = state.withLock { state -> Bool in
            defer { state.running = false }
            return state.running
        }
        guard wasRunning else { return }
        wake.signal()
        stopped.wait()
    }

    /// Notes a webhook delivery to `token` refused because of the platform (the database away,
    /// an unexpected error) — not because of the sender.
    func recordRefusal(token: String, at date: Date, reason: String) {
        let key = RefusalKey(tokenHash: SHA256.hash(Array(token.utf8)), minute: Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60))
        state.withLock { state in
            if let existing = state.refusals[key] {
                state.refusals[key] = (existing.count + 1, reason)
            } else if state.refusals.count < Self.maximumPending {
                state.refusals[key] = (1, reason)
            }
        }
    }

    /// Records the roles' heartbeat for the minute of `now` and writes the pending refusals.
    func beat(at now: Date) throws {
        let (roles, refusals) = state.withLock { ($0.roles, $0.refusals) }
        try database.transaction { connection in
            try connection.enter(.system)
            for role in roles { try Availabilities.beat(role, at: now, on: connection) }
            for (key, refusal) in refusals {
                // The token names the connection, hence the customer; an unknown one is nobody's.
                guard let row = try connection.query(PostgresQuery(unsafeSQL: Self.customerSQL, binds: [key.tokenHash])).first else {
                    continue
                }
                let (partnerID, customerID) = try row.decode((UUID, UUID).self)
                try Availabilities.recordRefusals(refusal.count, partnerID: partnerID, customerID: customerID, at: key.minute,
                                                  reason: refusal.reason, on: connection)
            }
        }
        state.withLock { state in
            for (key, written) in refusals {
                guard let pending = state.refusals[key] else { continue }
                state.refusals[key] = pending.count == written.count ? nil : (pending.count - written.count, pending.reason)
            }
        }
    }
}
