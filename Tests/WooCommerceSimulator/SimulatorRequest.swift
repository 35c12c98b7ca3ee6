import Foundation
import HTTP

/// A request as the simulated WordPress sees it: the REST route (from `/wp-json/…` or
/// `?rest_route=`), the query as PHP's `$_GET` decodes it (`+` is a space), the body.
struct SimulatorRequest {
    let method: String
    /// The route's segments after `/wc/v3` (`["products", "12", "variations"]`); nil when the
    /// request is not for the `wc/v3` namespace.
    let segments: [String]?
    /// The REST route, e.g. `/wc/v3/products`.
    let route: String
    /// The path as requested (`/wp-json/wc/v3/products`, or `/` with `rest_route`).
    let requestPath: String
    let query: [(String, String)]
    let headers: HTTPHeaders
    let body: [UInt8]

    init(_ request: Request) {
        let method = request.headers["X-HTTP-Method-Override"]?.uppercased() ?? request.method.description
        var query = Self.formPairs(request.query ?? "")
        let override = query.first { $0.0 == "_method" }?.1.uppercased()
        self.method = override ?? method
        requestPath = request.path
        var route = ""
        if request.path.hasPrefix("/wp-json/") {
            route = PercentDecoding.decode(String(request.path.dropFirst("/wp-json".count))) ?? ""
        } else if let index = query.firstIndex(where: { $0.0 == "rest_route" }) {
            route = query[index].1
            query.remove(at: index)
            query.insert(("rest_route", route), at: 0)
        }
        self.route = route
        let parts = route.split(separator: "/").map(String.init)
        segments = parts.count >= 2 && parts[0] == "wc" && parts[1] == "v3" ? Array(parts.dropFirst(2)) : nil
        self.query = query
        headers = request.headers
        body = request.body
    }

    /// The first value of a query parameter.
    func value(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    /// The query without authentication parameters, for `Link` URLs (spec §4: never auth params).
    var linkQuery: [(String, String)] {
        query.filter { !$0.0.hasPrefix("oauth_") && $0.0 != "consumer_key" && $0.0 != "consumer_secret" && $0.0 != "page" }
    }

    /// The JSON body as an object; nil when absent or not an object.
    var jsonObject: [String: Any]? {
        guard !body.isEmpty else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// `a=1&b=two+words` decoded as PHP does, in order.
    static func formPairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusAsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decode(parts[1], plusAsSpace: true) ?? String(parts[1])) : ""
            return (name, value)
        }
    }
}

/// An answer of the simulated REST API, JSON already serialised.
struct SimulatorReply: Sendable, Error {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    /// A JSON answer (`wp_json_encode`: slashes escaped, as WordPress does).
    static func json(_ object: Any, status: Int = 200, headers: [(String, String)] = []) -> SimulatorReply {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])) ?? Data("null".utf8)
        return SimulatorReply(status: status, headers: headers, body: Array(data))
    }

    /// WordPress's error body `{"code","message","data":{"status",…}}` (spec §6).
    static func error(_ status: Int, _ code: String, _ message: String, data: [String: Any] = [:]) -> SimulatorReply {
        var details = data
        details["status"] = status
        return json(["code": code, "message": message, "data": details], status: status)
    }

    /// `rest_invalid_param` for one parameter (captures 14, 15, 17).
    static func invalidParameter(_ name: String, _ detailCode: String, _ message: String) -> SimulatorReply {
        error(400, "rest_invalid_param", "Invalid parameter(s): \(name)",
              data: ["params": [name: message], "details": [name: ["code": detailCode, "message": message, "data": NSNull()]]])
    }

    static let noRoute = error(404, "rest_no_route", "No route was found matching the URL and request method.")
}
