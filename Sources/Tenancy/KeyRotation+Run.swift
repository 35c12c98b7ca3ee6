public import Foundation
public import Logging
public import Postgres

extension KeyRotation {
    /// The batch size's variable (default `defaultBatchSize`, 1–10000).
    public static let batchSizeVariable = "COUNTERPART_KEY_ROTATION_BATCH_SIZE"

    /// `counterpart keys rotate` as the command line calls it: the keyring from `environment`
    /// (`KeyringConfiguration`), the batch size from `COUNTERPART_KEY_ROTATION_BATCH_SIZE`, and
    /// the application's pool (App's `Application.database`, connected as the application role).
    ///
    /// - Throws: `KeyringConfigurationError` naming a bad variable before any database work;
    ///   then whatever `rotate` throws.
    public static func run(environment: [String: String], pool: PostgresPool, logger: Logger,
                           now: Date = Date()) throws -> KeyRotationReport {
        let keyring = try KeyringConfiguration(environment: environment).keyring
        let batchSize = try batchSize(from: environment)
        return try rotate(keyring: keyring, batchSize: batchSize, now: now, database: TenantDatabase(pool: pool),
                          logger: logger)
    }

    static func batchSize(from environment: [String: String]) throws(KeyringConfigurationError) -> Int {
        guard let text = environment[batchSizeVariable]?.trimmingWhitespace, !text.isEmpty else { return defaultBatchSize }
        guard let value = Int(text), (1...10_000).contains(value) else {
            throw KeyringConfigurationError(variable: batchSizeVariable, expected: "a whole number from 1 to 10000")
        }
        return value
    }
}
