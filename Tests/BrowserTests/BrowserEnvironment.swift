import Foundation

/// Whether the browser tests run here, and where their screenshots go.
enum BrowserEnvironment {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    static var isRequired: Bool { ProcessInfo.processInfo.environment["COUNTERPART_REQUIRE_BROWSER"] == "1" }

    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: chromium) && FileManager.default.isExecutableFile(atPath: chromedriver)
    }

    /// Run when the browser is there, or when it must be (then its absence fails the test).
    static var shouldRun: Bool { isInstalled || isRequired }

    struct MissingBrowser: Error, CustomStringConvertible {
        var description: String {
            "COUNTERPART_REQUIRE_BROWSER=1 but \(chromium) or \(chromedriver) is missing: run deploy/local/setup.sh tests "
                + "(Debian packages chromium and chromium-driver)"
        }
    }

    static func requireBrowser() throws {
        guard isInstalled else { throw MissingBrowser() }
    }

    /// `$COUNTERPART_ARTIFACTS/browser` (make test: `.build/artifacts/browser`), created.
    static func artifacts() throws -> URL {
        let base = ProcessInfo.processInfo.environment["COUNTERPART_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("counterpart-artifacts")
        let folder = base.appendingPathComponent("browser")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
