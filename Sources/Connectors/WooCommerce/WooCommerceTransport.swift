import Crypto
import Foundation
import HTTPClient

/// Sends requests to one store's REST API v3: builds the URL (pretty or plain permalinks),
/// authenticates as the spec's connector rule says (§3: HTTP Basic or query keys on https,
/// OAuth 1.0a on plain http), and turns answers into values or classed errors.
struct WooCommerceTransport: Sendable {
    let settings: WooCommerceSettings
    let client: HTTPClient
    /// The clock OAuth timestamps come from (injected so tests can match a simulated store).
    let clock: @Sendable () -> Date
    /// Makes one OAuth nonce per request.
    let nonce: @Sendable () -> String

    /// The request for `path` (below `/wc/v3`, e.g. `/products/batch`) with `query`, signed.
    func request(_ method: OutboundRequest.Method, _ path: String, query: [(String, String)] = [],
                 json body: [UInt8]? = nil) -> OutboundRequest {
        var parameters = query
        let address: String
        let signedPath: String
        if settings.usesPlainPermalinks {
            // Spec §1: with plain permalinks the route travels as `rest_route`, and the
            // signature's base URI is the home URL's path.
            parameters.insert(("rest_route", "/wc/v3" + path), at: 0)
            address = settings.storeURL + "/"
            signedPath = settings.basePath + "/"
        } else {
            address = settings.storeURL + "/wp-json/wc/v3" + path
            signedPath = settings.basePath + "/wp-json/wc/v3" + path
        }
        var headers: OutboundHeaders = ["Accept": "application/json"]
        if settings.isSecure {
            if settings.usesQueryStringKeys {
                parameters += [("consumer_key", settings.consumerKey), ("consumer_secret", settings.consumerSecret)]
            } else {
                let credentials = Data("\(settings.consumerKey):\(settings.consumerSecret)".utf8).base64EncodedString()
                headers.append(name: "Authorization", value: "Basic \(credentials)")
            }
        } else {
            let signer = OAuth1Signature(consumerKey: settings.consumerKey, consumerSecret: settings.consumerSecret)
            let baseURI = OAuth1Signature.baseURI(scheme: settings.scheme, host: settings.host, port: settings.port, path: signedPath)
            parameters += signer.parameters(method: method.rawValue, baseURI: baseURI, query: parameters,
                                            timestamp: WooCommerceTimestamp(clock()).secondsSinceEpoch, nonce: nonce())
        }
        let queryText = parameters.map { OAuth1Signature.percentEncode($0.0) + "=" + OAuth1Signature.percentEncode($0.1) }
            .joined(separator: "&")
        var request = OutboundRequest(method: method, url: queryText.isEmpty ? address : address + "?" + queryText, headers: headers)
        if let body {
            request.headers.append(name: "Content-Type", value: "application/json")
            request.body = body
        }
        return request
    }

    /// Sends and returns the answer whatever its status; only a missing answer throws.
    func send(_ method: OutboundRequest.Method, _ path: String, query: [(String, String)] = [], json body: [UInt8]? = nil,
              while action: String) throws(ConnectorError) -> OutboundResponse {
        try client.send(request(method, path, query: query, json: body), while: action)
    }

    /// `response` when it is 2xx, else the classed error (spec §6).
    @discardableResult
    func requireSuccess(_ response: OutboundResponse, while action: String) throws(ConnectorError) -> OutboundResponse {
        guard response.isSuccess else { throw WooCommerceErrorReply.classify(response, while: action) }
        return response
    }

    /// Decodes a 2xx answer's JSON body, or throws the classed error of a non-2xx one. A body
    /// that is not the JSON expected (an HTML page from a cache or a security plugin) is
    /// permanent: retrying gets the same page.
    func decode<Value: Decodable>(_ type: Value.Type, from response: OutboundResponse, while action: String) throws(ConnectorError) -> Value {
        try requireSuccess(response, while: action)
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw ConnectorError.permanent("The store's answer \(action) is not the WooCommerce JSON expected (\(Self.describe(error))). "
                + "Check that the store URL leads to WordPress and that no plugin rewrites API answers.",
                upstream: UpstreamReply(status: response.status, body: response.body))
        }
    }

    /// Sends, checks and decodes in one step.
    func fetch<Value: Decodable>(_ type: Value.Type, _ path: String, method: OutboundRequest.Method = .get,
                                 query: [(String, String)] = [], json body: [UInt8]? = nil,
                                 while action: String) throws(ConnectorError) -> (Value, OutboundResponse) {
        let response = try send(method, path, query: query, json: body, while: action)
        return (try decode(type, from: response, while: action), response)
    }

    /// JSON for a request body.
    static func encode(_ value: some Encodable) throws(ConnectorError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do { return Array(try encoder.encode(value)) } catch {
            throw ConnectorError.permanent("Could not write a WooCommerce request body: \(error)")
        }
    }

    /// A decoding error in a sentence: which field, what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context).isEmpty ? "body" : path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context)).\(key.stringValue) is missing"
        @unknown default:
            return "\(error)"
        }
    }

    /// A fresh OAuth nonce: 16 random bytes as hex.
    static func randomNonce() -> String { Hex.encode(SecureRandom.bytes(16)) }
}
