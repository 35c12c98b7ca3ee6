/// A remote path on an SFTP server: absolute (`/inbound/items.csv`) or under the login's home
/// directory (`~/inbound/items.csv`).
///
/// SFTP paths are server-side strings (draft-ietf-secsh-filexfer-02 §6), so a path is checked
/// once, here, for what would break the two places libcurl reads it: the URL and the quote
/// commands (`rename`, `rm`, `mkdir`). Control characters are refused, and so are `.` and `..`
/// segments, so that a file name taken from a listing can never climb out of its directory.
public struct SFTPPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as given, without a trailing slash (except for `/` and `~` themselves).
    public let text: String

    /// Checks and keeps `text`.
    ///
    /// - Throws: ``SFTPError`` of kind `invalidRequest` naming the rule broken.
    public init(_ text: String) throws(SFTPError) {
        var trimmed = Substring(text)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard trimmed.hasPrefix("/") || trimmed == "~" || trimmed.hasPrefix("~/") else {
            throw SFTPError(kind: .invalidRequest, detail: "a remote path starts with / or ~/, not \(text.debugDescription)")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw SFTPError(kind: .invalidRequest, detail: "a remote path must not contain control characters")
        }
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) || trimmed == "/" else {
            throw SFTPError(kind: .invalidRequest, detail: "a remote path must not contain . or .. segments: \(text.debugDescription)")
        }
        guard trimmed == "/" || !segments.contains(where: \.isEmpty) else {
            throw SFTPError(kind: .invalidRequest, detail: "a remote path must not contain empty segments (//): \(text.debugDescription)")
        }
        self.text = String(trimmed)
    }

    /// The path of `name` inside this directory.
    ///
    /// - Throws: ``SFTPError`` of kind `invalidRequest` when `name` is empty, `.`, `..` or holds
    ///   a slash or a control character.
    public func appending(_ name: String) throws(SFTPError) -> SFTPPath {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
            throw SFTPError(kind: .invalidRequest, detail: "\(name.debugDescription) is not a file name")
        }
        return try SFTPPath(text == "/" ? "/" + name : text + "/" + name)
    }

    /// The last segment: the file or directory name.
    public var name: String {
        String(text.split(separator: "/").last ?? Substring(text))
    }

    /// The directory that holds this path (itself for `/` and `~`).
    public var parent: SFTPPath {
        guard let slash = text.lastIndex(of: "/"), text != "/", text != "~" else { return self }
        let head = String(text[..<slash])
        // Both are valid by construction: a prefix of a checked path ending before a slash.
        return (try? SFTPPath(head.isEmpty ? "/" : head)) ?? self
    }

    /// The path as libcurl reads it in an `sftp://` URL: home-relative paths are written `/~/…`
    /// (libcurl replaces the `/~/` prefix with the home directory).
    var curlPath: String {
        if text == "~" { return "/~/" }
        return text.hasPrefix("~/") ? "/" + text : text
    }

    /// The path for an `sftp://` URL, each byte outside RFC 3986's unreserved set and `/`
    /// percent-encoded (libcurl decodes the URL path before using it, so `%` and `#` in a file
    /// name must be escaped), with a trailing slash when a directory listing is wanted.
    func urlPath(asDirectory: Bool) -> String {
        var encoded = ""
        for byte in curlPath.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        if asDirectory && !encoded.hasSuffix("/") { encoded += "/" }
        return encoded
    }

    /// The path as one argument of a libcurl quote command: always in double quotes, with `\`
    /// and `"` escaped by a backslash, which is how libcurl's quote parser (`get_pathname`)
    /// reads a quoted argument — so spaces in names are safe. libcurl expands `/~/` only in
    /// unquoted arguments, so a home-relative path is sent relative instead: the server resolves
    /// it against the session's initial directory, the home (draft-ietf-secsh-filexfer-02 §6.2).
    var quotedArgument: String {
        let path = text == "~" ? "." : text.hasPrefix("~/") ? String(text.dropFirst(2)) : text
        var quoted = "\""
        for character in path {
            if character == "\\" || character == "\"" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// The path.
    public var description: String { text }
}
