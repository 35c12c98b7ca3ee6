import Foundation
import HTTPClient
import TestSupport

/// A W3C WebDriver client (https://www.w3.org/TR/webdriver2/) for one headless Chromium
/// session through `chromedriver`, over our own HTTP client — just the commands the portal's
/// browser tests use: navigate, find, type, click, read text and computed CSS, run a script,
/// take a screenshot.
final class WebDriver {
    /// A failed command: the endpoint and WebDriver's `error` and `message` (§6.6).
    struct CommandError: Error, CustomStringConvertible {
        let command: String
        let error: String
        let message: String
        var description: String { "\(command): \(error): \(message.prefix(300))" }
    }

    /// An element reference (§12.1, the web element identifier).
    struct Element {
        static let key = "element-6066-11e4-a52e-4f735466cecf"
        let id: String
    }

    private let driver: Process
    private let base: String
    private let session: String
    private let client: HTTPClient

    /// Starts `chromedriver` on a free port and opens a headless Chromium session whose host
    /// resolver sends every `*.<domain>` name to 127.0.0.1, so partners' hosts reach the test
    /// server with their own `Host` and cookies.
    init(resolving domain: String, chromium: String = "/usr/bin/chromium", chromedriver: String = "/usr/bin/chromedriver") throws {
        let port = try FreePort.find()
        driver = Process()
        driver.executableURL = URL(fileURLWithPath: chromedriver)
        driver.arguments = ["--port=\(port)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        client = try HTTPClient()
        base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<200 where !ready {
            ready = (try? client.send(OutboundRequest(url: base + "/status", totalTimeout: .seconds(1))))?.status == 200
            if !ready { usleep(50_000) }
        }
        guard ready else {
            driver.terminate()
            throw CommandError(command: "start", error: "chromedriver did not answer", message: chromedriver)
        }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                         "--host-resolver-rules=MAP *.\(domain) 127.0.0.1", "--lang=en-GB"],
            ],
        ]]]
        do {
            let answer = try Self.send(client, "POST", base + "/session", capabilities, command: "new session")
            guard let value = answer as? [String: Any], let id = value["sessionId"] as? String else {
                throw CommandError(command: "new session", error: "no session id", message: "\(answer)")
            }
            session = id
        } catch {
            driver.terminate()
            throw error
        }
    }

    /// Closes the browser and stops chromedriver: its `/shutdown` command, then SIGKILL if it
    /// is still there after 5 s (it does not always exit on SIGTERM, and a test must not hang
    /// waiting for it). Call it from a `defer`: ARC may end an object's life before its scope does.
    func quit() {
        guard driver.isRunning else { return }
        _ = try? Self.send(client, "DELETE", base + "/session/\(session)", nil, command: "delete session")
        _ = try? client.send(OutboundRequest(url: base + "/shutdown", totalTimeout: .seconds(5)))
        ServedProduct.stop(driver, within: .seconds(5))
    }

    deinit {
        quit()
    }

    /// Opens `url` and waits for the load (§10.1).
    func open(_ url: String) throws {
        _ = try command("POST", "/url", ["url": url])
    }

    /// The address of the current page.
    func currentURL() throws -> String { try command("GET", "/url") as? String ?? "" }

    /// The first element matching `selector`, waiting up to `timeout` for it to appear (a
    /// form's submission navigates asynchronously).
    func find(_ selector: String, timeout: Duration = .seconds(10)) throws -> Element {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                let value = try command("POST", "/element", ["using": "css selector", "value": selector])
                guard let reference = (value as? [String: Any])?[Element.key] as? String else {
                    throw CommandError(command: "find \(selector)", error: "no element reference", message: "\(value)")
                }
                return Element(id: reference)
            } catch let error as CommandError where error.error == "no such element" && ContinuousClock.now < deadline {
                usleep(100_000)
            }
        }
    }

    /// How many elements match `selector` now.
    func count(_ selector: String) throws -> Int {
        (try command("POST", "/elements", ["using": "css selector", "value": selector]) as? [Any])?.count ?? 0
    }

    /// Replaces the field's value with `text` (for a file input: the file's path).
    func type(_ text: String, into selector: String) throws {
        let element = try find(selector)
        if try attribute("type", of: element) != "file" { _ = try command("POST", "/element/\(element.id)/clear", [:]) }
        _ = try command("POST", "/element/\(element.id)/value", ["text": text])
    }

    /// Chooses the option with `value` in the select `selector`.
    func choose(_ value: String, in selector: String) throws {
        try click("\(selector) option[value=\"\(value)\"]")
    }

    /// Clicks the element.
    func click(_ selector: String) throws {
        _ = try command("POST", "/element/\(try find(selector).id)/click", [:])
    }

    /// Clicks the element and waits until the page it leads to has replaced this one and loaded
    /// — a form's submission: WebDriver's click may return before the navigation, and reading
    /// the old page then would race the new one. The old page is marked, and the wait ends when
    /// the mark is gone and the new document is complete.
    func submit(_ selector: String, timeout: Duration = .seconds(20)) throws {
        _ = try run("window.__counterpartOldPage = true;")
        try click(selector)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let loaded = try? run("return window.__counterpartOldPage !== true && document.readyState === 'complete';") as? Bool
            if loaded == true { return }
            usleep(50_000)
        }
        throw CommandError(command: "submit \(selector)", error: "timeout", message: "no new page within \(timeout)")
    }

    /// The address of the first link whose text is `text` (CSS selectors cannot match text).
    func link(named text: String) throws -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        guard let href = try run("""
            const link = [...document.querySelectorAll('a')].find(a => a.textContent.trim() === '\(escaped)');
            return link ? link.href : null;
            """) as? String else {
            throw CommandError(command: "link named \(text)", error: "no such element", message: "no link with that text")
        }
        return href
    }

    /// The rendered text of the element.
    func text(_ selector: String) throws -> String {
        try command("GET", "/element/\(try find(selector).id)/text") as? String ?? ""
    }

    /// The element's computed value of the CSS property (`rgb(31, 78, 121)`).
    func css(_ property: String, of selector: String) throws -> String {
        try command("GET", "/element/\(try find(selector).id)/css/\(property)") as? String ?? ""
    }

    /// An attribute of the element, or nil.
    func attribute(_ name: String, of element: Element) throws -> String? {
        try command("GET", "/element/\(element.id)/attribute/\(name)") as? String
    }

    /// Runs `script` in the page and returns its result.
    func run(_ script: String) throws -> Any? {
        try command("POST", "/execute/sync", ["script": script, "args": [Any]()])
    }

    /// The page's HTML as the browser holds it.
    func source() throws -> String { try command("GET", "/source") as? String ?? "" }

    /// A PNG of the viewport.
    func screenshot() throws -> Data {
        guard let text = try command("GET", "/screenshot") as? String, let data = Data(base64Encoded: text) else {
            throw CommandError(command: "screenshot", error: "not base64", message: "")
        }
        return data
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any {
        try Self.send(client, method, base + "/session/\(session)" + path, body, command: "\(method) \(path)")
    }

    private static func send(_ client: HTTPClient, _ method: String, _ url: String, _ body: [String: Any]?,
                             command: String) throws -> Any {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        let request = OutboundRequest(method: OutboundRequest.Method(rawValue: method), url: url,
                                      headers: bytes.isEmpty ? [:] : ["Content-Type": "application/json"], body: bytes,
                                      totalTimeout: .seconds(60))
        let response = try client.send(request)
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])) as? [String: Any]
        let value = json?["value"] ?? NSNull()
        if response.status >= 400 {
            let details = value as? [String: Any]
            throw CommandError(command: command, error: details?["error"] as? String ?? "HTTP \(response.status)",
                               message: details?["message"] as? String ?? response.text)
        }
        return value
    }
}
