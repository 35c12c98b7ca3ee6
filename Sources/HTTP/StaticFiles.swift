import Foundation

/// Serves files under one directory (Public/, a theme's assets/) with `ETag`,
/// `If-None-Match` → 304 and `Cache-Control`, and without ever leaving that directory.
///
/// Traversal is refused twice: by the path check (no `..`, no empty or hidden segments, no
/// NUL or backslash after decoding) and by resolving symbolic links and checking the real
/// path still lies under the real root.
public struct StaticFiles: Sendable {
    /// The directory served, resolved to its real path.
    public let root: String
    /// The `Cache-Control` value sent with every file.
    public let cacheControl: String
    /// Files larger than this are not served (404), so a stray dump cannot exhaust memory.
    public let maxFileBytes: Int

    /// Serves `directory`; fails if it does not exist.
    public init(directory: String, cacheControl: String = "public, max-age=300", maxFileBytes: Int = 16 << 20) throws {
        let url = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw HTTPError(.internalServerError, "static file directory \(directory) does not exist")
        }
        self.root = url.path
        self.cacheControl = cacheControl
        self.maxFileBytes = maxFileBytes
    }

    /// A route answering GET/HEAD for the request path relative to the root.
    public var route: Route {
        Route(execution: .handlerPool) { request in try respond(to: request, relativePath: request.path) }
    }

    /// Answers with the file at `relativePath` (percent-encoded, as in a URL), 304 when the
    /// client's ETag matches, 404 when there is no such file or the path is not allowed.
    public func respond(to request: Request, relativePath: String) throws -> Response {
        guard let file = resolve(relativePath) else { throw HTTPError(.notFound) }
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        guard let attributes, (attributes[.type] as? FileAttributeType) == .typeRegular,
              let size = (attributes[.size] as? NSNumber)?.intValue, size <= maxFileBytes else {
            throw HTTPError(.notFound)
        }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        // Size and modification time (to the microsecond) identify a version of the file
        // cheaply, without hashing it on every request.
        let etag = "\"\(String(size, radix: 16))-\(String(Int64(modified * 1_000_000), radix: 16))\""
        var headers: HTTPHeaders = ["ETag": etag, "Cache-Control": cacheControl,
                                    "Content-Type": MediaType.forPath(file), "X-Content-Type-Options": "nosniff"]
        if let candidates = request.headers["If-None-Match"], Self.matches(candidates, etag: etag) {
            headers.remove("Content-Type")
            return Response(status: .notModified, headers: headers)
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw HTTPError(.notFound) }
        return Response(status: .ok, headers: headers, body: Array(data))
    }

    /// The real path of the file `relativePath` names, or nil when it is not allowed.
    func resolve(_ relativePath: String) -> String? {
        guard let decoded = PercentDecoding.decode(relativePath) else { return nil }
        var segments: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            // No parent or current directory steps, no hidden files, no separators smuggled in.
            if segment.hasPrefix(".") || segment.contains("\\") || segment.contains("\0") { return nil }
            segments.append(segment)
        }
        guard !segments.isEmpty else { return nil }
        let candidate = root + "/" + segments.joined(separator: "/")
        let real = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        guard real.hasPrefix(root + "/") else { return nil }
        return real
    }

    /// RFC 9110 §13.1.2: `*` or a list of entity tags, compared weakly.
    static func matches(_ header: String, etag: String) -> Bool {
        if header.trimmingCharacters(in: .whitespaces) == "*" { return true }
        return header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }
}

/// Content types by file extension for what a portal serves.
enum MediaType {
    static func forPath(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        case "pdf": "application/pdf"
        case "csv": "text/csv; charset=utf-8"
        case "xml": "application/xml"
        default: "application/octet-stream"
        }
    }
}
