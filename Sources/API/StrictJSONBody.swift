import Foundation
public import HTTP

/// Decodes a request body into a `StrictlyDecodable` type, or throws the problem a client
/// can act on. The checks run in the order a client fixes them:
///
/// 1. `Content-Type` must be `application/json` (parameters such as `charset=utf-8` are
///    allowed) — else 415.
/// 2. The body must be JSON — else 400 `malformed-json`, saying where parsing stopped.
/// 3. It must be an object without unknown members, at any depth the type declares — else
///    422 naming every unknown member.
/// 4. Decoding must succeed — else 422 naming the member: a wrong type, a missing member,
///    or a value the type's `init(from:)` refused.
///
/// ```swift
/// let input = try request.decodeJSON(CreateCustomer.self)
/// ```
public enum StrictJSONBody {
    /// The body of `request` as `T`.
    public static func decode<T: StrictlyDecodable>(_ type: T.Type, from request: Request) throws(ProblemError) -> T {
        guard isJSON(contentType: request.headers["Content-Type"]) else { throw .unsupportedMediaType }
        return try decode(type, from: request.body)
    }

    /// `body` as `T`, for bodies already known to be JSON.
    public static func decode<T: StrictlyDecodable>(_ type: T.Type, from body: [UInt8]) throws(ProblemError) -> T {
        let data = Data(body)
        let tree: Any
        do {
            tree = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw .malformedJSON(describeSyntaxError(error, bodyIsEmpty: body.isEmpty))
        }
        guard let object = tree as? [String: Any] else {
            throw .validation([FieldError(field: "", message: "must be a JSON object")])
        }
        let unknown = T.unknownMembers(in: object, at: [])
        if !unknown.isEmpty { throw .validation(unknown) }
        let unstorable = stringsWithNUL(in: object, at: [])
        if !unstorable.isEmpty { throw .validation(unstorable) }
        do {
            return try APIJSON.makeDecoder().decode(T.self, from: data)
        } catch let problem as ProblemError {
            throw problem
        } catch let error as DecodingError {
            throw .validation([fieldError(for: error)])
        } catch {
            // A type's `init(from:)` threw something of its own: its description is the
            // message it chose for the client.
            throw .validation([FieldError(field: "", message: "\(error)")])
        }
    }

    /// Strings holding U+0000, at their JSON Pointers. JSON allows `\u0000` (RFC 8259 §7), but
    /// PostgreSQL's text types cannot store it (docs §8.3), so such a value is refused up front
    /// as the client's mistake rather than failing in the database as ours.
    static func stringsWithNUL(in value: Any, at path: [String]) -> [FieldError] {
        switch value {
        case let text as String:
            return text.unicodeScalars.contains("\u{0}")
                ? [FieldError(bodyPath: path, message: "must not contain the NUL character (U+0000)")] : []
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { stringsWithNUL(in: object[$0] as Any, at: path + [$0]) }
        case let array as [Any]:
            return array.enumerated().flatMap { stringsWithNUL(in: $1, at: path + [String($0)]) }
        default:
            return []
        }
    }

    /// Whether `contentType` is `application/json` (RFC 8259 §11), case-insensitively and
    /// ignoring parameters. `+json` suffix types are not accepted: the API defines none.
    public static func isJSON(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    /// The member a `DecodingError` concerns, as a JSON Pointer, with a message in the
    /// API's words rather than Swift's.
    static func fieldError(for error: DecodingError) -> FieldError {
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(bodyPath: names(context.codingPath + [key]), message: "is required")
        case .valueNotFound(_, let context):
            return FieldError(bodyPath: names(context.codingPath), message: "must not be null")
        case .typeMismatch(let expected, let context):
            return FieldError(bodyPath: names(context.codingPath), message: "must be \(jsonTypeName(expected))")
        case .dataCorrupted(let context):
            return FieldError(bodyPath: names(context.codingPath), message: context.debugDescription)
        @unknown default:
            return FieldError(field: "", message: "is invalid")
        }
    }

    private static func names(_ path: [any CodingKey]) -> [String] {
        path.map { key in key.intValue.map(String.init) ?? key.stringValue }
    }

    /// The JSON type a client should have sent for a Swift type.
    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Date.Type, is UUID.Type, is URL.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "an integer"
        case is Double.Type, is Float.Type, is Decimal.Type: "a number"
        default:
            // Keyed and unkeyed containers report dictionaries and arrays of Any.
            String(describing: type).hasPrefix("Array") ? "an array"
                : String(describing: type).hasPrefix("Dictionary") ? "an object" : "of another type"
        }
    }

    /// Foundation's parser says where it stopped ("… around line 1, column 7."); that
    /// position is what the client needs. Its description never quotes the body.
    private static func describeSyntaxError(_ error: any Error, bodyIsEmpty: Bool) -> String {
        if bodyIsEmpty { return "The request body is empty; a JSON object was expected." }
        let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return "The request body is not valid JSON" + (reason.map { ": \($0)" } ?? ".")
    }
}

extension Request {
    /// The body as `T`, checked strictly (see `StrictJSONBody`).
    public func decodeJSON<T: StrictlyDecodable>(_ type: T.Type) throws(ProblemError) -> T {
        try StrictJSONBody.decode(type, from: self)
    }
}
