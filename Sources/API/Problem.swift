import Foundation
public import HTTP

/// A problem details object (RFC 9457), the body of every error the JSON API answers.
///
/// `type` is `https://counterpart.dev/problems/<slug>` for the problems this API defines and
/// `about:blank` for plain HTTP failures (unknown path, wrong method) whose status says all
/// there is (RFC 9457 §4.2.1). Slugs exist because several problems share a status — a
/// malformed body and a bad query parameter are both 400, a validation failure and a reused
/// idempotency key both 422 — and a client must be able to tell them apart without parsing
/// prose. The URIs identify; they are not fetched (RFC 9457 §3.1.1: consumers SHOULD NOT
/// dereference them automatically).
///
/// Two extension members (RFC 9457 §3.2): `errors`, one entry per offending field, and
/// `request_id`, the id an operator finds in the logs.
public struct Problem: Sendable, Equatable, Codable {
    /// The problem type URI.
    public var type: String
    /// A short summary of the problem type, the same for every occurrence (RFC 9457 §3.1.3).
    public var title: String
    /// The HTTP status code, repeated for clients that lose the status line (§3.1.2).
    public var status: Int
    /// What went wrong this time, in words meant for the client's developer (§3.1.4).
    public var detail: String?
    /// The request path this occurrence concerns (§3.1.5).
    public var instance: String?
    /// The fields that were wrong; empty unless the problem is about input.
    public var errors: [FieldError]
    /// The request id (`X-Request-Id`), for matching a complaint with the server's log.
    public var requestID: String?

    /// The prefix of every problem type this API defines.
    public static let typeBase = "https://counterpart.dev/problems/"

    /// The media type of a problem body (RFC 9457 §6.1).
    public static let mediaType = "application/problem+json"

    /// A problem with every member explicit.
    public init(type: String, title: String, status: Int, detail: String? = nil, instance: String? = nil,
                errors: [FieldError] = [], requestID: String? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.errors = errors
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
        case requestID = "request_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "about:blank"
        title = try container.decode(String.self, forKey: .title)
        status = try container.decode(Int.self, forKey: .status)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        instance = try container.decodeIfPresent(String.self, forKey: .instance)
        errors = try container.decodeIfPresent([FieldError].self, forKey: .errors) ?? []
        requestID = try container.decodeIfPresent(String.self, forKey: .requestID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encodeIfPresent(instance, forKey: .instance)
        // An empty list says nothing a client can use; leaving it out keeps the body small.
        if !errors.isEmpty { try container.encode(errors, forKey: .errors) }
        try container.encodeIfPresent(requestID, forKey: .requestID)
    }

    /// The problem as an `application/problem+json` response with `status`.
    public var response: Response {
        // Encoding strings and integers cannot fail; should it ever, a fixed body still
        // keeps the promise that API errors are problem+json.
        let body = (try? StreamingJSONEncoder().encode(self))
            ?? Array(#"{"type":"about:blank","title":"Internal Server Error","status":500}"#.utf8)
        return Response(status: HTTPStatus(code: status), headers: ["Content-Type": Problem.mediaType], body: body)
    }
}
