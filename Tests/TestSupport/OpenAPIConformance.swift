import Foundation
public import HTTP
public import Testing

/// Runs `Tests/API/check-openapi.sh` (openapi-spec-validator, then schemathesis) against a
/// real server. The real endpoints reuse `OpenAPIConformance.check(router:token:)` with their
/// own router.
public enum OpenAPIConformance {
    /// Where the tools' virtual environment is (`deploy/local/setup.sh tests` creates it).
    public static var venv: String {
        ProcessInfo.processInfo.environment["COUNTERPART_VENV"] ?? "/var/tmp/counterpart-venv"
    }

    /// Whether the conformance tests run: when the tools are installed, and always under
    /// `make test` (`COUNTERPART_REQUIRE_OPENAPI_TOOLS=1`), where missing tools must fail the
    /// run rather than skip it.
    public static var shouldRun: Bool {
        ProcessInfo.processInfo.environment["COUNTERPART_REQUIRE_OPENAPI_TOOLS"] == "1"
            || (FileManager.default.isExecutableFile(atPath: venv + "/bin/schemathesis")
                && FileManager.default.isExecutableFile(atPath: venv + "/bin/openapi-spec-validator"))
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("API/check-openapi.sh")

    /// Why a conformance test was skipped.
    public static let skipReason: Comment =
        "OpenAPI tools not installed in $COUNTERPART_VENV (default /var/tmp/counterpart-venv); run deploy/local/setup.sh tests"


    public struct Outcome {
        public var status: Int32
        public var output: String
    }

    /// Serves `router` on a free loopback port and runs the script against `<server>/api/v1`.
    public static func check(router: Router, token: String) throws -> Outcome {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.handlerThreads = 4
        configuration.shutdownGracePeriod = .seconds(5)
        var logger = router.logger
        logger.logLevel = .critical
        let server = HTTPServer(configuration: configuration, responder: router, logger: logger)
        try server.start()
        defer { server.shutdown() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, "http://127.0.0.1:\(server.port)/api/v1", token]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Reading to the end is the wait: it returns when the script (and schemathesis, which
        // the script bounds with `timeout`) has exited and closed the pipe.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

