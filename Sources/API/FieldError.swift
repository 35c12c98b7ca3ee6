import Foundation

/// One thing wrong with one input field, as listed in a problem's `errors` member.
///
/// `field` names the place: a JSON Pointer (RFC 6901) into the request body for body members
/// (`/email`, `/lines/0/sku`, and `""` for the body as a whole), or the bare parameter or
/// header name for everything outside the body (`limit`, `cursor`, `Idempotency-Key`). The
/// leading `/` is what tells the two apart.
public struct FieldError: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where the error is.
    public var field: String
    /// What is wrong, in words for the client's developer ("must be at most 100 characters").
    public var message: String

    /// An error at `field`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// An error at the body member named by `path` (`["lines", "0", "sku"]` → `/lines/0/sku`).
    public init(bodyPath path: [String], message: String) {
        self.init(field: FieldError.pointer(path), message: message)
    }

    public var description: String { "\(field): \(message)" }

    /// The JSON Pointer for `path`; `~` and `/` inside a name are escaped as `~0` and `~1`
    /// (RFC 6901 §3), so every member name has exactly one pointer.
    public static func pointer(_ path: [String]) -> String {
        path.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }
}
