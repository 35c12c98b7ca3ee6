import HTTPClient

/// A browser as far as the portal cares: it sends a `Host`, keeps cookies (host-only, as the
/// portal sets them), posts forms, and does not follow redirects, so tests see each 303.
final class Browser {
    let client: HTTPClient
    let port: UInt16
    /// The `Host` field sent: which partner's portal this browser visits.
    var host: String
    /// The cookies it holds, by name.
    var cookies: [String: String] = [:]
    /// The `Set-Cookie` fields of the last response, as sent.
    private(set) var lastSetCookies: [String] = []

    init(client: HTTPClient, port: UInt16, host: String) {
        self.client = client
        self.port = port
        self.host = host
    }

    func get(_ target: String) throws -> OutboundResponse {
        try send(OutboundRequest(method: .get, url: url(target), headers: headers()))
    }

    /// Posts `fields` as `application/x-www-form-urlencoded`.
    func post(_ target: String, _ fields: [(String, String)]) throws -> OutboundResponse {
        var headers = headers()
        headers.append(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try send(OutboundRequest(method: .post, url: url(target), headers: headers, body: Array(body.utf8)))
    }

    /// Posts `fields` and `files` (name, file name, type, bytes) as `multipart/form-data`
    /// (RFC 7578), as a browser sends a form with a file input.
    func postMultipart(_ target: String, _ fields: [(String, String)], files: [(String, String, String, [UInt8])]) throws -> OutboundResponse {
        let boundary = "----PortalTests\(UInt64.random(in: 0...UInt64.max))"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, type, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = headers()
        headers.append(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        return try send(OutboundRequest(method: .post, url: url(target), headers: headers, body: body))
    }

    /// The `_csrf` hidden field of a page.
    static func csrfToken(in page: OutboundResponse) -> String? {
        hiddenField("_csrf", in: page.text)
    }

    /// The value of the hidden input `name` in `html`.
    static func hiddenField(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }

    private func url(_ target: String) -> String { "http://127.0.0.1:\(port)\(target)" }

    private func headers() -> OutboundHeaders {
        var headers: OutboundHeaders = ["Host": host, "User-Agent": "PortalTests"]
        if !cookies.isEmpty {
            headers.append(name: "Cookie", value: cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: "; "))
        }
        return headers
    }

    private func send(_ request: OutboundRequest) throws -> OutboundResponse {
        let response = try client.send(request)
        lastSetCookies = response.headers.values(for: "Set-Cookie")
        for field in lastSetCookies {
            let pair = field.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if field.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = parts.count > 1 ? String(parts[1]) : "" }
        }
        return response
    }

    /// The `Set-Cookie` field of the last response that sets `name`, as sent.
    func setCookie(named name: String) -> String? {
        lastSetCookies.first { $0.hasPrefix(name + "=") }
    }

    /// Form encoding: unreserved characters as they are, everything else percent-encoded.
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || [0x2D, 0x2E, 0x5F, 0x7E].contains(byte) {
                encoded.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return encoded
    }
}
