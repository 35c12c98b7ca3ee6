import Foundation
import HTTPClient
import Testing
import TestSupport

/// The SFTP client against a real OpenSSH server on loopback: what it reads and writes arrives
/// byte for byte, uploads appear whole or not at all, and the two refusals that must never be
/// retried — a swapped host key and an unauthorised client key — are classed as such.
@Suite(.enabled(if: OpenSSHServer.shouldRun, "sshd and ssh-keygen are not installed (Debian: openssh-server, openssh-client)"))
struct SFTPClientTests {
    @Test func listsDownloadsAndKeepsTheFilesModificationTime() throws {
        let sshd = try OpenSSHServer()
        try sshd.put("inbox/items one.csv", Array("a;b\r\n€".utf8))
        try sshd.put("inbox/sub/ignored.csv", [])
        let client = try SFTPClient(server: try sshd.server())

        let entries = try client.list(SFTPPath(sshd.path("inbox")))
        #expect(entries.sorted { $0.name < $1.name } == [
            SFTPDirectoryEntry(name: "items one.csv", kind: .file, size: 8),
            SFTPDirectoryEntry(name: "sub", kind: .directory, size: entries.first { $0.name == "sub" }?.size),
        ])
        let file = try client.download(SFTPPath(sshd.path("inbox/items one.csv")))
        #expect(file.bytes == Array("a;b\r\n€".utf8))
        let local = try FileManager.default.attributesOfItem(atPath: sshd.path("inbox/items one.csv"))[.modificationDate] as? Date
        #expect(file.modifiedAt == local.map { Int64($0.timeIntervalSince1970) })
    }

    @Test func uploadsUnderTheFinalNameOnlyOnceComplete() throws {
        let sshd = try OpenSSHServer()
        try FileManager.default.createDirectory(atPath: sshd.path("outbox"), withIntermediateDirectories: true)
        let client = try SFTPClient(server: try sshd.server())
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }

        try client.upload(bytes, to: SFTPPath(sshd.path("outbox/order 1.csv")))

        #expect(sshd.names(in: "outbox") == ["order 1.csv"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: sshd.path("outbox/order 1.csv"))) == Data(bytes))
    }

    @Test func neverOverwritesAnExistingFileAndLeavesNoTemporaryBehind() throws {
        let sshd = try OpenSSHServer()
        try sshd.put("outbox/order.csv", Array("first".utf8))
        let client = try SFTPClient(server: try sshd.server())

        let error = #expect(throws: SFTPError.self) { try client.upload(Array("second".utf8), to: SFTPPath(sshd.path("outbox/order.csv"))) }
        #expect(error?.kind == .alreadyExists)
        #expect(sshd.names(in: "outbox") == ["order.csv"])
        #expect(try String(contentsOfFile: sshd.path("outbox/order.csv"), encoding: .utf8) == "first")
    }

    @Test func renamesDeletesAndMakesDirectories() throws {
        let sshd = try OpenSSHServer()
        try sshd.put("in/a \"quoted\" name.csv", Array("x".utf8))
        let client = try SFTPClient(server: try sshd.server())

        try client.makeDirectory(SFTPPath(sshd.path("in/processed")))
        try client.rename(SFTPPath(sshd.path("in/a \"quoted\" name.csv")), to: SFTPPath(sshd.path("in/processed/a \"quoted\" name.csv")))
        #expect(sshd.names(in: "in/processed") == ["a \"quoted\" name.csv"])
        try client.delete(SFTPPath(sshd.path("in/processed/a \"quoted\" name.csv")))
        #expect(sshd.names(in: "in/processed").isEmpty)
        #expect(throws: SFTPError.self) { try client.delete(SFTPPath(sshd.path("in/processed/gone.csv"))) }
    }

    @Test func reportsAMissingFileAsNotFound() throws {
        let sshd = try OpenSSHServer()
        let client = try SFTPClient(server: try sshd.server())
        let error = #expect(throws: SFTPError.self) { try client.download(SFTPPath(sshd.path("nothing.csv"))) }
        #expect(error?.kind == .notFound)
        #expect(error?.isTransient == false)
    }

    @Test func refusesAServerWhoseHostKeyIsNotThePinnedOne() throws {
        let sshd = try OpenSSHServer()
        let client = try SFTPClient(server: try sshd.server(hostKey: try sshd.foreignHostKeyFingerprint()))
        let error = #expect(throws: SFTPError.self) { try client.list(SFTPPath(sshd.path(""))) }
        #expect(error?.kind == .hostKeyMismatch)
        #expect(error?.isTransient == false)
    }

    @Test func reportsAKeyTheServerDoesNotAuthoriseAsAuthenticationFailure() throws {
        let sshd = try OpenSSHServer()
        let client = try SFTPClient(server: try sshd.server(privateKey: try sshd.unauthorisedKey()))
        let error = #expect(throws: SFTPError.self) { try client.list(SFTPPath(sshd.path(""))) }
        #expect(error?.kind == .authenticationFailed)
        #expect(error?.description.contains("PRIVATE KEY") == false)
    }

    @Test func removesThePrivateKeyFileBetweenOperations() throws {
        let sshd = try OpenSSHServer()
        let keys = sshd.folder.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let client = try SFTPClient(server: try sshd.server(), configuration: .init(keyDirectory: keys.path))
        _ = try client.list(SFTPPath(sshd.path("")))
        let privateDirectories = try FileManager.default.contentsOfDirectory(atPath: keys.path)
        #expect(privateDirectories.count == 1)
        let inside = try FileManager.default.contentsOfDirectory(atPath: keys.appendingPathComponent(privateDirectories[0]).path)
        #expect(inside.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: keys.appendingPathComponent(privateDirectories[0]).path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }
}
