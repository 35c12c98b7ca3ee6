import Foundation
import Glibc
import HTTPClient
import Testing

/// The `counterpart` executable itself: its commands, its start-up errors and its handling of
/// SIGTERM/SIGINT. Runs the binary `swift build --build-tests` built next to the tests.
@Suite struct CommandLineTests {
    @Test func versionPrintsTheVersion() throws {
        let run = try Executable.run(["version"], environment: [:])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("counterpart "))
    }

    @Test func aBadVariableStopsServeWithExitStatusTwoNamingIt() throws {
        let run = try Executable.run(["serve"], environment: [
            "DATABASE_URL": "postgresql://x@127.0.0.1:1/x", "COUNTERPART_LISTEN": "nowhere",
        ])
        #expect(run.status == 2)
        #expect(run.errors.contains(#"COUNTERPART_LISTEN="nowhere" is not valid"#))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func serveAnswersThenStopsCleanlyOnASignal(signal: Int32) throws {
        let port = try FreePort.find()
        let server = try Executable.start(["serve"], environment: [
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "COUNTERPART_LISTEN": "127.0.0.1:\(port)",
            "COUNTERPART_PUBLIC_DIR": "/nonexistent",
        ])
        defer { if server.isRunning { server.terminate() } }
        let client = try HTTPClient()
        let health = try waitForAnswer(client, url: "http://127.0.0.1:\(port)/healthz")
        #expect(health.status == 200)

        kill(server.processIdentifier, signal)
        server.waitUntilExit()
        #expect(server.terminationReason == .exit)
        #expect(server.terminationStatus == 0)
        #expect(throws: HTTPClientError.self) {
            try client.send(OutboundRequest(method: .get, url: "http://127.0.0.1:\(port)/healthz"))
        }
    }

    /// Polls until the freshly started server accepts, for at most 30 s (start-up speed is the
    /// machine's, not the test's concern).
    private func waitForAnswer(_ client: HTTPClient, url: String) throws -> OutboundResponse {
        let deadline = Date().addingTimeInterval(30)
        while true {
            do {
                return try client.send(OutboundRequest(method: .get, url: url))
            } catch let error as HTTPClientError where error.kind == .connection && Date() < deadline {
                usleep(20_000)
            }
        }
    }
}

/// The built `counterpart` binary.
enum Executable {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static var url: URL {
        get throws {
            // Tests/AppTests/CommandLineTests.swift → the package root.
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let binary = root.appendingPathComponent(".build/debug/counterpart")
            guard FileManager.default.isExecutableFile(atPath: binary.path) else {
                throw MissingBinary(path: binary.path)
            }
            return binary
        }
    }

    static func start(_ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = try url
        process.arguments = arguments
        process.environment = environment.merging(["COUNTERPART_LOG_LEVEL": "warning"]) { current, _ in current }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(_ arguments: [String], environment: [String: String], input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = try url
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: errorData, as: UTF8.self))
    }

    struct MissingBinary: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is missing; build with `swift build --build-tests` (make test does)" }
    }
}

/// A port nothing listens on right now: bound to 0, read back, released.
enum FreePort {
    static func find() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 && getsockname(fd, address, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return UInt16(bigEndian: address.sin_port)
    }
}
