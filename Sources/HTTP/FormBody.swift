/// The fields of an `application/x-www-form-urlencoded` body (WHATWG URL Standard §5.1), as an
/// HTML form without JavaScript sends them.
///
/// Repeated names are kept in order (a multi-select sends one field per choice). Unlike the
/// standard's lenient parser, which leaves a malformed `%` escape as it is and replaces invalid
/// UTF-8 with U+FFFD, decoding here refuses both: a browser never produces them, so they mean a
/// broken or hostile client, and guessing would let two readers of the same body disagree.
public struct FormBody: Sendable, Equatable, Sequence {
    /// One `name=value` pair, decoded.
    public struct Field: Sendable, Equatable {
        /// The decoded name.
        public var name: String
        /// The decoded value.
        public var value: String

        /// A field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The media type this body has, without parameters.
    public static let mediaType = "application/x-www-form-urlencoded"

    /// The fields in the order they were sent.
    public let fields: [Field]

    /// A body with these fields (tests, or a form built by hand).
    public init(fields: [Field]) {
        self.fields = fields
    }

    /// Decodes `bytes`.
    ///
    /// WHATWG URL §5.1 "application/x-www-form-urlencoded parsing": split on `&`, skip empty
    /// pieces, split each at its first `=` (a piece without one is a name with an empty value),
    /// turn `+` into a space, then percent-decode.
    /// - Throws: `HTTPError(.badRequest)` for a malformed `%` escape or bytes that are not UTF-8.
    public init(urlEncoded bytes: some Collection<UInt8>) throws(HTTPError) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HTTPError(.badRequest, "form body is not valid UTF-8")
        }
        var fields: [Field] = []
        // Split on the bytes `&` and `=`, not on Characters: a combining mark after `&` would
        // otherwise fuse with it into one grapheme and hide the separator.
        for piece in text.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = piece.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(Substring(parts[0]), plusAsSpace: true),
                  let value = parts.count > 1 ? PercentDecoding.decode(Substring(parts[1]), plusAsSpace: true) : "" else {
                throw HTTPError(.badRequest, "form body has a malformed percent-escape or invalid UTF-8")
            }
            fields.append(Field(name: name, value: value))
        }
        self.fields = fields
    }

    /// The first value sent for `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value sent for `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension Request {
    /// The body decoded as an HTML form.
    ///
    /// - Throws: `HTTPError(.unsupportedMediaType)` when `Content-Type` is missing or is not
    ///   `application/x-www-form-urlencoded` (parameters such as `charset` are ignored: the
    ///   standard fixes the encoding to UTF-8); `HTTPError(.badRequest)` when the body does not
    ///   decode.
    public func form() throws(HTTPError) -> FormBody {
        guard let contentType = headers["Content-Type"], Self.mediaType(of: contentType) == FormBody.mediaType else {
            throw HTTPError(.unsupportedMediaType, "expected \(FormBody.mediaType)")
        }
        return try FormBody(urlEncoded: body)
    }

    /// The `type/subtype` of a `Content-Type` value, lower-cased, without parameters or
    /// surrounding whitespace (RFC 9110 §8.3.1: type and subtype are case-insensitive).
    static func mediaType(of contentType: String) -> String {
        let essence = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return essence.trimmingOptionalWhitespace.lowercased()
    }
}
