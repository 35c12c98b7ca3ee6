public import Foundation

/// One schema migration: a file named `NNNN_name.sql` in the migrations directory.
public struct Migration: Sendable, Hashable {
    /// The number before the first underscore; migrations apply in this order.
    public var version: Int
    /// The part between the underscore and `.sql`.
    public var name: String
    /// The file's name, for messages.
    public var fileName: String
    /// The file's SQL, run as one script inside a transaction.
    public var sql: String
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    public var checksum: String

    /// A migration from its parts; the checksum is computed from `sql`'s UTF-8 bytes.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        let digits = String(version)
        self.fileName = String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
        self.sql = sql
        self.checksum = SHA256.hexDigest(Array(sql.utf8))
    }

    init(version: Int, name: String, fileName: String, bytes: [UInt8]) throws {
        guard let sql = String(validating: bytes, as: UTF8.self) else {
            throw MigrationError.unreadableFile(fileName: fileName, reason: "not valid UTF-8")
        }
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hexDigest(bytes)
    }

    /// Reads every `NNNN_name.sql` file in `directory`, in version order. Other files
    /// (READMEs, editor backups) are skipped. Two files with one number are an error.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.unreadableDirectory(path: directory.path, reason: "\(error.localizedDescription)")
        }
        var byVersion: [Int: Migration] = [:]
        for fileName in names.sorted() {
            guard let (version, name) = parse(fileName: fileName) else { continue }
            let url = directory.appendingPathComponent(fileName)
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: url))
            } catch {
                throw MigrationError.unreadableFile(fileName: fileName, reason: error.localizedDescription)
            }
            let migration = try Migration(version: version, name: name, fileName: fileName, bytes: bytes)
            if let earlier = byVersion[version] {
                throw MigrationError.duplicateVersion(version: version, fileNames: [earlier.fileName, fileName])
            }
            byVersion[version] = migration
        }
        return byVersion.values.sorted { $0.version < $1.version }
    }

    /// `0001_create_users.sql` → (1, "create_users"); nil for names that do not match
    /// digits, underscore, a name of letters, digits, `_` or `-`, and `.sql`.
    static func parse(fileName: String) -> (version: Int, name: String)? {
        guard fileName.hasSuffix(".sql"), let underscore = fileName.firstIndex(of: "_") else { return nil }
        let digits = fileName[..<underscore]
        let name = fileName[fileName.index(after: underscore)..<fileName.index(fileName.endIndex, offsetBy: -4)]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let version = Int(digits),
              !name.isEmpty, name.allSatisfy({ $0.isASCIIDigit || $0.isASCIILetter || $0 == "_" || $0 == "-" }) else {
            return nil
        }
        return (version, String(name))
    }
}

/// A migration recorded in `schema_migrations`.
public struct AppliedMigration: Sendable, Hashable {
    /// The migration's number.
    public var version: Int
    /// Its name when applied.
    public var name: String
    /// The SHA-256 of its file when applied.
    public var checksum: String
    /// When it was applied.
    public var appliedAt: Date
}

/// Where the database stands against the migration files.
public struct MigrationStatus: Sendable, Hashable {
    /// Migrations recorded as applied, by version.
    public var applied: [AppliedMigration]
    /// Files not yet applied, in the order they will be.
    public var pending: [Migration]
    /// Whether every file has been applied (what a readiness probe asks).
    public var isUpToDate: Bool { pending.isEmpty }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
}
