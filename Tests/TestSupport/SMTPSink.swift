public import Foundation

/// A real SMTP server on loopback for one test: aiosmtpd (the Python standard's successor to
/// smtpd) in the tests' venv, on a free port, writing each message it accepts to a file of its
/// own in a private folder. RCPT TO an address at `refused.test` is answered 550 (RFC 5321
/// §4.2.2), for tests of refusals. Stopped and removed in `deinit`.
///
/// A message's file exists once the server answered the end of DATA, so a test that sent
/// synchronously reads it at once, with no waiting.
public final class SMTPSink: @unchecked Sendable {
    /// The venv `Tests/API/requirements.txt` is installed into.
    public static var venv: String { ProcessInfo.processInfo.environment["COUNTERPART_VENV"] ?? "/var/tmp/counterpart-venv" }
    /// `make test` sets COUNTERPART_REQUIRE_SMTP=1: then a missing aiosmtpd fails the suite
    /// instead of disabling it.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["COUNTERPART_REQUIRE_SMTP"] == "1" }
    /// Whether the venv's Python has aiosmtpd.
    public static var isInstalled: Bool {
        let lib = URL(fileURLWithPath: venv).appendingPathComponent("lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        return FileManager.default.isExecutableFile(atPath: venv + "/bin/python")
            && versions.contains { FileManager.default.fileExists(atPath: lib.path + "/\($0)/site-packages/aiosmtpd/smtp.py") }
    }
    /// Run when aiosmtpd is there, or when it must be.
    public static var shouldRun: Bool { isInstalled || isRequired }
    /// Why a suite is skipped.
    public static let missingReason = "aiosmtpd is not installed in the tests' venv (deploy/local/setup.sh tests)"

    /// The folder the messages go to.
    public let folder: URL
    /// The port the server listens on.
    public let port: Int
    /// `smtp://127.0.0.1:<port>`.
    public var url: String { "smtp://127.0.0.1:\(port)" }
    private let daemon: SpawnedDaemon

    /// aiosmtpd's handler hooks (handle_RCPT, handle_DATA); the port is chosen by the kernel and
    /// printed once listening.
    static let script = """
        import asyncio, os, signal, sys, uuid
        from aiosmtpd.smtp import SMTP

        # The test runner's threads block SIGTERM and posix_spawn passes the mask on: without
        # this the sink ignores SpawnedDaemon.stop() and the test waits for it forever.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

        class Sink:
            def __init__(self, folder):
                self.folder = folder
            async def handle_RCPT(self, server, session, envelope, address, options):
                if address.lower().endswith('@refused.test'):
                    return '550 5.1.1 no such mailbox'
                envelope.rcpt_tos.append(address)
                return '250 OK'
            async def handle_DATA(self, server, session, envelope):
                name = uuid.uuid4().hex
                partial = os.path.join(self.folder, '.' + name)
                with open(partial, 'wb') as f:
                    f.write(('X-Envelope-From: %s\\r\\nX-Envelope-To: %s\\r\\n' % (envelope.mail_from, ','.join(envelope.rcpt_tos))).encode())
                    f.write(envelope.original_content)
                os.rename(partial, os.path.join(self.folder, name + '.eml'))
                return '250 2.0.0 accepted'

        async def main():
            loop = asyncio.get_running_loop()
            server = await loop.create_server(lambda: SMTP(Sink(sys.argv[1]), hostname='sink.test'), '127.0.0.1', 0)
            print('smtp sink listening on port %d' % server.sockets[0].getsockname()[1], file=sys.stderr, flush=True)
            await asyncio.Event().wait()

        asyncio.run(main())
        """

    /// Starts the sink; throws when aiosmtpd is missing or the server does not come up.
    public init() throws {
        guard Self.isInstalled else { throw SetupFailure(description: Self.missingReason) }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        daemon = try SpawnedDaemon(Self.venv + "/bin/python", ["-c", Self.script, folder.path],
                                   ready: "smtp sink listening on port ", failures: ["Traceback"])
        guard daemon.waitUntilReady(timeout: .seconds(120)) else {
            throw SetupFailure(description: "the SMTP sink did not start: \(daemon.logged)")
        }
        let line = daemon.logged.split(separator: "\n").first { $0.contains("listening on port ") } ?? ""
        guard let port = Int(line.split(separator: " ").last ?? "") else {
            throw SetupFailure(description: "no port in the SMTP sink's log: \(daemon.logged)")
        }
        self.port = port
    }

    deinit {
        daemon.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Every message received so far, raw (the sink's two envelope lines first), oldest first.
    public func messages() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
        let files = try names.map { name -> (Date, String) in
            let url = folder.appendingPathComponent(name)
            let created = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date ?? .distantPast
            return (created, try String(contentsOf: url, encoding: .utf8))
        }
        return files.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The sink could not be started.
    public struct SetupFailure: Error, CustomStringConvertible {
        public let description: String
    }
}
