import Foundation
@testable import HTTP
import Testing

/// Static files through the router's fallback, as the server uses them.
@Suite struct StaticFilesTests {
    @Test func servesFileWithTypeETagAndCacheControl() throws {
        let site = try StaticSite()
        let response = site.get("/index.html")
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == "<h1>shop</h1>")
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "public, max-age=300")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        let etag = try #require(response.headers["ETag"])
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
        #expect(site.get("/css/site.css").headers["Content-Type"] == "text/css; charset=utf-8")
    }

    @Test(arguments: [
        "/../secret.txt",
        "/css/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",           // encoded slash joins the steps into one segment
        "/css/..%2F..%2Fsecret.txt",
        "/..%5csecret.txt",               // backslash as a Windows separator
        "/css%5c..%5c..%5csecret.txt",
        "/%252e%252e/secret.txt",         // double encoding stays literal
        "/link-out",                      // symlink to a file outside the root
        "/dir-out/secret.txt",            // symlink to a directory outside the root
        "/prefix-trick",                  // symlink to a sibling whose name starts like the root
        "/.env",                          // hidden files
        "/css/%2eenv",
        "/index.html%00.css",             // NUL truncation
        "/%zz",                           // malformed escape
        "/",                              // the root directory itself
        "/css",                           // a directory
        "/missing.txt",
    ])
    func refusesPathsOutsideTheRootOrNotFiles(path: String) throws {
        let site = try StaticSite()
        let response = site.get(path)
        #expect(response.status == .notFound)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("secret"))
    }

    @Test func followsSymlinksThatStayInsideTheRoot() throws {
        let site = try StaticSite()
        let response = site.get("/link-in")
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == "body { color: teal }")
    }

    @Test func decodesPercentEncodedNames() throws {
        let site = try StaticSite()
        #expect(site.get("/price%20list.txt").status == .ok)
    }

    @Test func answersMatchingIfNoneMatchWith304() throws {
        let site = try StaticSite()
        let etag = try #require(site.get("/index.html").headers["ETag"])
        for candidates in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
            let response = site.get("/index.html", headers: ["If-None-Match": candidates])
            #expect(response.status == .notModified, "If-None-Match: \(candidates)")
            #expect(response.body.isEmpty)
            // RFC 9110 §15.4.5: a 304 carries the ETag and Cache-Control a 200 would have.
            #expect(response.headers["ETag"] == etag)
            #expect(response.headers["Cache-Control"] == "public, max-age=300")
        }
        #expect(site.get("/index.html", headers: ["If-None-Match": "\"other\""]).status == .ok)
    }

    @Test func changesETagWhenTheFileChanges() throws {
        let site = try StaticSite()
        let before = try #require(site.get("/index.html").headers["ETag"])
        try site.write("<h1>shop, renamed</h1>", to: "public/index.html")
        let response = site.get("/index.html", headers: ["If-None-Match": before])
        #expect(response.status == .ok)
        #expect(response.headers["ETag"] != before)
    }

    @Test func refusesFilesOverTheSizeLimit() throws {
        let site = try StaticSite(maxFileBytes: 8)
        #expect(site.get("/index.html").status == .notFound)
    }

    @Test func refusesToServeAMissingDirectory() {
        #expect(throws: HTTPError.self) { try StaticFiles(directory: "/nonexistent/counterpart-static") }
    }
}

/// A throwaway directory tree with a public root, a secret beside it, and symlinks that try
/// to escape; removed when the test ends.
final class StaticSite {
    let base: URL
    let files: StaticFiles
    let router = Router()

    init(maxFileBytes: Int = 1 << 20) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("static-\(UUID().uuidString)")
        try Self.populate(base)
        files = try StaticFiles(directory: base.appendingPathComponent("public").path, maxFileBytes: maxFileBytes)
        router.fallback = files.route
    }

    private static func populate(_ base: URL) throws {
        let manager = FileManager.default
        for directory in ["public/css", "public-secret"] {
            try manager.createDirectory(at: base.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        let files = [
            "public/index.html": "<h1>shop</h1>", "public/css/site.css": "body { color: teal }",
            "public/price list.txt": "prices", "public/.env": "API_KEY=hidden",
            "public-secret/file.txt": "secret", "secret.txt": "secret",
        ]
        for (path, text) in files {
            try Data(text.utf8).write(to: base.appendingPathComponent(path))
        }
        let links = [
            "public/link-out": "../secret.txt", "public/dir-out": "..",
            "public/prefix-trick": "../public-secret/file.txt", "public/link-in": "css/site.css",
        ]
        for (link, destination) in links {
            try manager.createSymbolicLink(atPath: base.appendingPathComponent(link).path, withDestinationPath: destination)
        }
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    func write(_ text: String, to relative: String) throws {
        try Data(text.utf8).write(to: base.appendingPathComponent(relative))
    }

    func get(_ target: String, headers: HTTPHeaders = [:]) -> Response {
        router.respond(to: Request(method: .get, target: target, headers: headers))
    }
}
