import Foundation

/// A temporary migrations directory a test writes files into; removed when released.
final class MigrationFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func write(_ fileName: String, _ sql: String) throws {
        try Data(sql.utf8).write(to: url.appendingPathComponent(fileName))
    }

    func remove(_ fileName: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(fileName))
    }
}
