import Foundation
import Glibc
import Synchronization

/// A real `openssl s_server` on a loopback port, serving its status page (`-www`) over TLS with a
/// self-signed certificate generated for this one test.
///
/// The status page is sent as HTTP/1.0 without `Content-Length`, the body ending when the
/// connection closes, which also exercises the client's body limit on unannounced lengths.
final class TLSTestServer {
    /// The self-signed certificate, usable as the client's CA bundle.
    let certificatePath: String
    /// The port `s_server` listens on, on 127.0.0.1.
    let port: Int
    private let directory: URL
    private let process: Process

    /// Generates a key and certificate with `subjectAltName` and starts the server.
    init(subjectAltName: String = "IP:127.0.0.1,DNS:localhost") throws {
        directory = FileManager.default.temporaryDirectory
            .appending(path: "counterpart-httpclient-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificatePath = directory.appending(path: "cert.pem").path
        let keyPath = directory.appending(path: "key.pem").path
        try Self.runOpenSSL([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", certificatePath, "-days", "1",
            "-subj", "/CN=counterpart-test", "-addext", "subjectAltName=\(subjectAltName)",
        ])

        process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["openssl", "s_server", "-accept", "127.0.0.1:0",
                             "-cert", certificatePath, "-key", keyPath, "-www"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        do {
            port = try Self.awaitListeningPort(output.fileHandleForReading)
        } catch {
            Self.kill(process)
            throw error
        }
    }

    /// The server's base URL.
    var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Stops the server and removes the key material.
    func stop() {
        Self.kill(process)
        try? FileManager.default.removeItem(at: directory)
    }

    /// SIGKILL, not `Process.terminate()`'s SIGTERM: the child inherits the signal mask of the
    /// test thread that spawned it, and the test runner's threads block SIGTERM, so a terminated
    /// `s_server` would live on and `waitUntilExit` would never return.
    private static func kill(_ process: Process) {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// `s_server` reports the bound port as `ACCEPT 127.0.0.1:<port>` once it listens. The read
    /// runs on another thread so that a server that never says so fails the test after a
    /// generous wait instead of hanging it; if the process dies the read ends at EOF.
    private static func awaitListeningPort(_ output: FileHandle) throws -> Int {
        let found = Mutex<Int?>(nil)
        let signal = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var text = ""
            while true {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT ") }),
                   let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                    found.withLock { $0 = port }
                    break
                }
            }
            signal.signal()
        }
        guard signal.wait(timeout: .now() + 30) == .success, let port = found.withLock({ $0 }) else {
            throw TLSTestServerError(message: "openssl s_server did not report a listening port")
        }
        return port
    }

    private static func runOpenSSL(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSTestServerError(message: "openssl \(arguments.first ?? "") exited with \(process.terminationStatus)")
        }
    }
}

struct TLSTestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
