public import Foundation
public import HTTPClient
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenSSH server on loopback for one test: `sshd -D -e -f <config>` as the current user
/// on a free port, with a freshly generated ed25519 host key, one authorised client key, no
/// passwords, and the `internal-sftp` subsystem (no chroot). `root` is a private directory the
/// test's files live in; the server is stopped and everything removed in `deinit`.
public final class OpenSSHServer: @unchecked Sendable {
    /// Debian's sshd.
    public static let sshd = "/usr/sbin/sshd"
    /// ssh-keygen, where the distribution puts it.
    public static var sshKeygen: String? {
        ["/usr/bin/ssh-keygen", "/bin/ssh-keygen"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `make test` sets COUNTERPART_REQUIRE_SFTP=1: then a missing sshd fails the suite instead of
    /// disabling it.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["COUNTERPART_REQUIRE_SFTP"] == "1" }
    /// Whether sshd and ssh-keygen are there.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: sshd) && sshKeygen != nil }
    /// Run when OpenSSH is there, or when it must be.
    public static var shouldRun: Bool { isInstalled || isRequired }

    /// The folder the test owns (server config, keys, and `root/` for its files).
    public let folder: URL
    /// Where the test's remote files go; an absolute path on this machine and on the server.
    public let root: URL
    /// The port sshd listens on.
    public let port: Int
    /// The authorised client key (OpenSSH private key text).
    public let clientKey: String
    /// The host key's `SHA256:` fingerprint as `ssh-keygen -l` prints it.
    public let hostKeyFingerprint: String
    private let daemon: SpawnedDaemon

    /// Starts sshd; throws ``Missing`` when OpenSSH is not installed.
    public init() throws {
        guard Self.isInstalled, let keygen = Self.sshKeygen else { throw Missing() }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("counterpart-sshd-\(UUID().uuidString)")
        root = folder.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        for name in ["host_key", "client_key"] {
            try Self.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", "counterpart-test", "-f", folder.appendingPathComponent(name).path])
        }
        try FileManager.default.copyItem(at: folder.appendingPathComponent("client_key.pub"),
                                         to: folder.appendingPathComponent("authorized_keys"))
        clientKey = try String(contentsOf: folder.appendingPathComponent("client_key"), encoding: .utf8)
        hostKeyFingerprint = try Self.fingerprint(of: folder.appendingPathComponent("host_key.pub"), keygen: keygen)
        // As root, sshd insists on its privilege separation directory, which Debian's unit
        // creates at boot (RuntimeDirectory=sshd); a container started without systemd has none.
        if getuid() == 0 && !FileManager.default.fileExists(atPath: "/run/sshd") {
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        }
        // A port found free can be taken by another test before sshd binds it; then sshd says so
        // and exits, and we try another.
        var attempt = 0
        while true {
            attempt += 1
            let port = Int(try FreePort.find())
            let configuration = folder.appendingPathComponent("sshd_config")
            try Self.configuration(folder: folder, port: port).write(to: configuration, atomically: true, encoding: .utf8)
            let (daemon, listening) = try Self.start(configuration: configuration)
            if listening {
                self.port = port
                self.daemon = daemon
                return
            }
            daemon.stop()
            guard attempt < 5 else { throw StartFailed(port: port) }
        }
    }

    deinit {
        daemon.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The login a connector or client uses, with the authorised key and the pinned host key.
    public func server(privateKey: String? = nil, hostKey: String? = nil) throws -> SFTPServer {
        SFTPServer(host: "127.0.0.1", port: port, username: NSUserName(), privateKey: privateKey ?? clientKey,
                   hostKey: try SFTPHostKeyFingerprint(hostKey ?? hostKeyFingerprint))
    }

    /// What sshd logged so far, for diagnosing a failed test.
    public var log: String { daemon.logged }

    /// A local path under `root`.
    public func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Writes a file under `root`, making its directory.
    public func put(_ relative: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// The names in a directory under `root`, sorted; empty when it does not exist.
    public func names(in relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).sorted()
    }

    /// A fresh ed25519 key pair's private half that the server does not authorise.
    public func unauthorisedKey() throws -> String {
        guard let keygen = Self.sshKeygen else { throw Missing() }
        let file = folder.appendingPathComponent("stranger_key")
        try Self.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", file.path])
        return try String(contentsOf: file, encoding: .utf8)
    }

    /// The fingerprint of another host key (a server that was swapped).
    public func foreignHostKeyFingerprint() throws -> String {
        guard let keygen = Self.sshKeygen else { throw Missing() }
        let file = folder.appendingPathComponent("other_host_key")
        try Self.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", file.path])
        return try Self.fingerprint(of: URL(fileURLWithPath: file.path + ".pub"), keygen: keygen)
    }

    // MARK: Starting

    private static func configuration(folder: URL, port: Int) -> String {
        """
        ListenAddress 127.0.0.1
        Port \(port)
        HostKey \(folder.appendingPathComponent("host_key").path)
        PidFile none
        AuthorizedKeysFile \(folder.appendingPathComponent("authorized_keys").path)
        AuthenticationMethods publickey
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        StrictModes no
        UsePAM no
        Subsystem sftp internal-sftp
        LogLevel VERBOSE

        """
    }

    /// Starts sshd and waits — on its log, not on a clock — until it says it listens or exits.
    private static func start(configuration: URL) throws -> (SpawnedDaemon, Bool) {
        // -D: stay in the foreground; -e: log to stderr, where "Server listening" is read.
        let daemon = try SpawnedDaemon(sshd, ["-D", "-e", "-f", configuration.path], ready: "Server listening on",
                                       failures: ["Cannot bind any address", "Bind to port"])
        return (daemon, daemon.waitUntilReady(timeout: .seconds(30)))
    }

    private static func fingerprint(of publicKey: URL, keygen: String) throws -> String {
        let output = try run(keygen, ["-l", "-E", "sha256", "-f", publicKey.path])
        guard let field = output.split(separator: " ").first(where: { $0.hasPrefix("SHA256:") }) else {
            throw UnexpectedOutput(output: output)
        }
        return String(field)
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw UnexpectedOutput(output: "\(executable) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// OpenSSH is not installed.
    public struct Missing: Error, CustomStringConvertible {
        /// What to install.
        public var description: String {
            "COUNTERPART_REQUIRE_SFTP=1 but \(OpenSSHServer.sshd) or ssh-keygen is missing: run deploy/local/setup.sh tests "
                + "(Debian packages openssh-server and openssh-client)"
        }
    }

    struct StartFailed: Error, CustomStringConvertible {
        var port: Int
        var description: String { "sshd did not start listening (last port tried \(port)); see its log with LogLevel VERBOSE" }
    }

    struct UnexpectedOutput: Error, CustomStringConvertible {
        var output: String
        var description: String { "unexpected ssh-keygen output: \(output)" }
    }
}
