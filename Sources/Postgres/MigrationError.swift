/// Why migrations cannot run: the files and the database disagree, or a file is unusable.
/// Each case names the file(s) involved, so the message tells an operator what to fix.
public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The migrations directory could not be listed.
    case unreadableDirectory(path: String, reason: String)
    /// A migration file could not be read.
    case unreadableFile(fileName: String, reason: String)
    /// Two files carry the same number.
    case duplicateVersion(version: Int, fileNames: [String])
    /// An applied migration's file has changed since it was applied.
    case checksumMismatch(fileName: String, appliedChecksum: String, currentChecksum: String)
    /// An applied migration has no file any more.
    case missingFile(version: Int, name: String)
    /// A new file is numbered below the latest applied migration, so it would run out of order.
    case outOfOrder(fileName: String, latestAppliedVersion: Int)
    /// The migration's SQL failed; its transaction was rolled back and nothing was recorded.
    case failed(fileName: String, underlying: PostgresError)
    /// The migration's SQL ended the surrounding transaction itself (COMMIT or ROLLBACK).
    case endedTransaction(fileName: String)

    /// What is wrong and what to do about it.
    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            return "cannot list migrations directory \(path): \(reason)"
        case .unreadableFile(let fileName, let reason):
            return "cannot read migration \(fileName): \(reason)"
        case .duplicateVersion(let version, let fileNames):
            return "migration number \(version) is used by more than one file: \(fileNames.joined(separator: ", "))"
        case .checksumMismatch(let fileName, let applied, let current):
            return "migration \(fileName) was edited after it was applied (applied checksum \(applied), "
                + "file checksum now \(current)); restore the file and put the change in a new migration"
        case .missingFile(let version, let name):
            return "migration \(version) (\(name)) is recorded as applied but its file is missing"
        case .outOfOrder(let fileName, let latest):
            return "migration \(fileName) is numbered below the latest applied migration \(latest) and would run "
                + "out of order; renumber it above \(latest)"
        case .failed(let fileName, let underlying):
            return "migration \(fileName) failed and was rolled back: \(underlying)"
        case .endedTransaction(let fileName):
            return "migration \(fileName) contains COMMIT or ROLLBACK; migrations run inside their own transaction "
                + "and must not end it"
        }
    }
}
