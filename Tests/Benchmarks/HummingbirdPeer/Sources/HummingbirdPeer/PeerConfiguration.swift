// What the peer serves and where, read once from the environment (and `--port`), so that
// Tests/Benchmarks/bench-http.sh can make it return exactly the bytes and Content-Type our own server
// returns for the same path: the three servers in the benchmark must do the same work.
import Foundation

/// The peer's settings, validated at start; a bad value stops the process with a message that
/// names the variable and what it allows.
struct PeerConfiguration: Sendable {
    /// One fixed response: the exact body bytes and the Content-Type they are sent with.
    struct FixedResponse: Sendable {
        var body: [UInt8]
        var contentType: String
    }

    /// The address to bind; loopback unless `PEER_HOST` says otherwise.
    var host: String
    /// The TCP port to bind (`--port N` or `PEER_PORT`).
    var port: Int
    /// The answer to `GET /healthz` (`PEER_HEALTHZ_BODY`, `PEER_HEALTHZ_CONTENT_TYPE`).
    var healthz: FixedResponse
    /// The answer to `GET /version` (`PEER_VERSION_BODY`, `PEER_VERSION_CONTENT_TYPE`).
    var version: FixedResponse

    /// A setting that is missing or out of range.
    struct InvalidSetting: Error, CustomStringConvertible {
        var name: String
        var allowed: String
        var description: String { "\(name): \(allowed)" }
    }

    /// Reads the settings from `environment` and `arguments` (`--port N` wins over `PEER_PORT`).
    /// The defaults mirror a typical health check and version document, so the peer also runs
    /// by hand without any variable set.
    static func read(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        arguments: [String] = CommandLine.arguments
    ) throws -> PeerConfiguration {
        var portText = environment["PEER_PORT"] ?? "8080"
        var portName = "PEER_PORT"
        if let flag = arguments.firstIndex(of: "--port") {
            guard arguments.indices.contains(flag + 1) else {
                throw InvalidSetting(name: "--port", allowed: "needs a value, a port 1-65535")
            }
            portText = arguments[flag + 1]
            portName = "--port"
        }
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw InvalidSetting(name: portName, allowed: "a port 1-65535, got '\(portText)'")
        }
        return PeerConfiguration(
            host: environment["PEER_HOST"] ?? "127.0.0.1",
            port: port,
            healthz: FixedResponse(
                body: Array((environment["PEER_HEALTHZ_BODY"] ?? "ok\n").utf8),
                contentType: environment["PEER_HEALTHZ_CONTENT_TYPE"] ?? "text/plain; charset=utf-8"
            ),
            version: FixedResponse(
                body: Array((environment["PEER_VERSION_BODY"] ?? #"{"version":"0.0.0"}"#).utf8),
                contentType: environment["PEER_VERSION_CONTENT_TYPE"] ?? "application/json"
            )
        )
    }
}
