import Crypto
import Dispatch
import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct KeyRotationTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test func rotationReEncryptsEverySecretInBatchesRetiresOldKeysAndASecondRunDoesNothing() throws {
        try TenantTestDatabase.withSchema { db in
            let (old1, old2, new) = (SymmetricKey.random(), SymmetricKey.random(), SymmetricKey.random())
            let acme = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            let beta = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            let values = try db.putSecrets(["a1", "a2", "a3"], as: acme, box: SecretBox(keyring: Keyring(current: old1)))
                .merging(try db.putSecrets(["b1", "b2"], as: beta, box: SecretBox(keyring: Keyring(current: old2)))) { $1 }

            let keyring = Keyring(current: new, previous: [old1, old2])
            let report = try KeyRotation.rotate(keyring: keyring, batchSize: 2, now: Self.now, database: db.database,
                                                logger: TenantTestDatabase.logger)
            let (newID, old1ID, old2ID) = (Keyring.keyID(of: new), Keyring.keyID(of: old1), Keyring.keyID(of: old2))
            #expect(report == KeyRotationReport(currentKeyID: newID, reEncrypted: 5,
                                                reEncryptedByKey: [old1ID: 3, old2ID: 2],
                                                retiredKeyIDs: [old1ID, old2ID].sorted(), batches: 3))
            let keyIDs = try db.owner.query("SELECT DISTINCT key_id FROM secrets").decode(String.self, column: "key_id")
            #expect(keyIDs == [newID])
            let keys = try db.owner.query("SELECT id, status, retired_at FROM encryption_keys ORDER BY id")
                .decode((String, String, Date?).self)
            #expect(keys.map { "\($0.0) \($0.1) \($0.2.map { "\($0.timeIntervalSince1970)" } ?? "-")" }.sorted() == [
                "\(old1ID) retired \(Self.now.timeIntervalSince1970)", "\(old2ID) retired \(Self.now.timeIntervalSince1970)",
                "\(newID) active -",
            ].sorted())

            // The old keys can go: everything opens with the new key alone.
            let newOnly = SecretBox(keyring: keyring.currentOnly)
            for (principal, purposes) in [(acme, ["a1", "a2", "a3"]), (beta, ["b1", "b2"])] {
                for purpose in purposes {
                    #expect(try db.openSecret(purpose, box: newOnly, as: principal) == values[purpose])
                }
            }
            let audit = try db.owner.query("""
                SELECT partner_id, actor_kind, (after->>'re_encrypted')::int FROM audit_log WHERE action = 'keys.rotate'
                """).single().decode((UUID, String, Int).self)
            #expect(audit == (db.platformPartnerID, "system", 5))

            let before = try db.owner.query("SELECT id, sealed FROM secrets ORDER BY id").decode((UUID, [UInt8]).self)
            let second = try KeyRotation.rotate(keyring: keyring, batchSize: 2, now: Self.now.addingTimeInterval(60),
                                                database: db.database, logger: TenantTestDatabase.logger)
            #expect(second == KeyRotationReport(currentKeyID: newID))
            #expect(!second.changedAnything)
            let after = try db.owner.query("SELECT id, sealed FROM secrets ORDER BY id").decode((UUID, [UInt8]).self)
            #expect(after.map(\.0) == before.map(\.0))
            #expect(after.map(\.1) == before.map(\.1), "no secret was rewritten")
            #expect(try db.owner.query("SELECT count(*) FROM audit_log WHERE action = 'keys.rotate'").single()
                .decode(Int.self, at: 0) == 1)
        }
    }

    @Test func rotationStopsAtASecretUnderAKeyMissingFromTheKeyringAndNamesIt() throws {
        try TenantTestDatabase.withSchema { db in
            let old = SymmetricKey.random()
            let user = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            _ = try db.putSecrets(["only"], as: user, box: SecretBox(keyring: Keyring(current: old)))
            let stored = try db.owner.query("SELECT partner_id, id FROM secrets").single().decode((UUID, UUID).self)
            #expect(throws: SecretError.unknownKey(keyID: Keyring.keyID(of: old), partnerID: stored.0, secretID: stored.1)) {
                try KeyRotation.rotate(keyring: Keyring(current: .random()), now: Self.now, database: db.database,
                                       logger: TenantTestDatabase.logger)
            }
            let keyIDs = try db.owner.query("SELECT key_id FROM secrets").decode(String.self, column: "key_id")
            #expect(keyIDs == [Keyring.keyID(of: old)])
        }
    }

    @Test func rotationStepsAroundASecretARunningNodeHoldsAndTakesItOnceReleased() throws {
        try TenantTestDatabase.withSchema { db in
            let (old, new) = (SymmetricKey.random(), SymmetricKey.random())
            let user = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            _ = try db.putSecrets(["held", "free1", "free2"], as: user, box: SecretBox(keyring: Keyring(current: old)))
            let keyring = Keyring(current: new, previous: [old])
            let outcome = RotationOutcome()
            let finished = DispatchSemaphore(value: 0)
            let locker = try PostgresConnection(configuration: db.ownerConfiguration, logger: TenantTestDatabase.logger)

            try locker.transaction { locker in
                // A node's request is inside a transaction that holds one secret's row.
                _ = try locker.query("SELECT id FROM secrets WHERE purpose = 'held' FOR UPDATE")
                let database = db.database
                Thread {
                    outcome.set(Result {
                        try KeyRotation.rotate(keyring: keyring, batchSize: 10, now: Self.now, database: database,
                                               logger: TenantTestDatabase.logger)
                    })
                    finished.signal()
                }.start()
                // The signal: the rotation's connection is blocked by ours, which happens only in
                // its last sweep, after the SKIP LOCKED batches committed.
                try waitUntil(timeout: .seconds(60)) {
                    try db.owner.query("""
                        SELECT count(*) FROM pg_stat_activity WHERE \(Int(locker.backendPID)) = ANY(pg_blocking_pids(pid))
                        """).single().decode(Int.self, at: 0) > 0
                }
                let keys = try db.owner.query("SELECT purpose, key_id FROM secrets ORDER BY purpose").decode((String, String).self)
                #expect(keys.map(\.1) == [Keyring.keyID(of: new), Keyring.keyID(of: new), Keyring.keyID(of: old)],
                        "free1 and free2 were rotated while held was locked")
            }
            #expect(finished.wait(timeout: .now() + 60) == .success)
            let report = try #require(outcome.value).get()
            #expect(report.reEncrypted == 3)
            #expect(report.retiredKeyIDs == [Keyring.keyID(of: old)])
            locker.close()
        }
    }

    @Test func runReadsTheKeyringAndBatchSizeFromTheEnvironment() throws {
        try TenantTestDatabase.withSchema { db in
            let (oldText, newText) = (KeyringConfiguration.generateKeyText(), KeyringConfiguration.generateKeyText())
            let old = try #require(KeyringConfiguration.decodeKey(oldText))
            let user = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            _ = try db.putSecrets(["x", "y"], as: user, box: SecretBox(keyring: Keyring(current: old)))
            #expect(throws: KeyringConfigurationError.self) {
                try KeyRotation.run(environment: [:], pool: db.database.pool, logger: TenantTestDatabase.logger, now: Self.now)
            }
            let report = try KeyRotation.run(environment: [
                "COUNTERPART_MASTER_KEY": newText, "COUNTERPART_PREVIOUS_MASTER_KEYS": oldText,
                "COUNTERPART_KEY_ROTATION_BATCH_SIZE": "1",
            ], pool: db.database.pool, logger: TenantTestDatabase.logger, now: Self.now)
            #expect(report.reEncrypted == 2)
            #expect(report.batches == 2)
            #expect(report.currentKeyID == Keyring.keyID(of: try #require(KeyringConfiguration.decodeKey(newText))))
            #expect(!"\(report)".contains(newText) && !"\(report)".contains(oldText))
        }
    }
}

/// The rotation thread's result, handed to the test's thread under a lock.
private final class RotationOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<KeyRotationReport, any Error>?

    func set(_ result: Result<KeyRotationReport, any Error>) { lock.withLock { stored = result } }
    var value: Result<KeyRotationReport, any Error>? { lock.withLock { stored } }
}

/// Checks `condition` until it holds, failing after `timeout`: a wait on an observable fact
/// in the database, not a guess at how long something takes.
private func waitUntil(timeout: Duration, _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + timeout
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw TenantTestDatabase.SetupError(description: "condition not met within \(timeout)") }
        Thread.sleep(forTimeInterval: 0.01)
    }
}

extension TenantTestDatabase {
    /// Stores one secret per purpose (value `secret-<purpose>`) as `principal`; returns the values.
    func putSecrets(_ purposes: [String], as principal: Principal, box: SecretBox) throws -> [String: SecretValue] {
        var values: [String: SecretValue] = [:]
        for purpose in purposes {
            let value = SecretValue("secret-\(purpose)")
            _ = try asCaller(principal) { try Secrets.put(value, purpose: purpose, box: box, by: $1, on: $0) }
            values[purpose] = value
        }
        return values
    }

    /// The owner's connection settings for this schema, for a second owner connection.
    var ownerConfiguration: PostgresConfiguration {
        get throws {
            var configuration = PostgresConfiguration(url: try Self.environment("DATABASE_OWNER_URL"))
            configuration.runtimeParameters["search_path"] = schema
            return configuration
        }
    }
}
