@testable import HTTP
import Testing

/// Parsing `multipart/form-data` (RFC 7578, framing RFC 2046 §5.1): what browsers send is read
/// exactly, and every malformed body is refused with a typed error — including every
/// truncation and every single-byte corruption of a valid body, which must never crash or
/// produce a part that was not sent.
@Suite struct MultipartFormDataTests {
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"

    /// A body as Chromium writes it: a text field and a PNG file.
    static let browserBody: [UInt8] = {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x0D, 0x0A, 0x2D, 0x2D]
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken-123\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\n".utf8)
        body += Array("Content-Type: image/png\r\n\r\n".utf8) + png
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }()

    private func request(_ body: [UInt8], contentType: String? = "multipart/form-data; boundary=\(boundary)") -> Request {
        var headers = HTTPHeaders()
        if let contentType { headers.add("Content-Type", contentType) }
        return Request(method: .post, target: "/branding", headers: headers, body: body)
    }

    private func parse(_ text: String, boundary: String = "b") throws(MultipartFormDataError) -> MultipartFormData {
        try MultipartFormData(body: Array(text.utf8), boundary: boundary)
    }

    @Test func readsFieldsAndFilesAsABrowserSendsThem() throws {
        let form = try request(Self.browserBody).multipartFormData()
        #expect(form.parts.map(\.name) == ["_csrf", "logo"])
        #expect(form["_csrf"]?.text == "token-123")
        #expect(form["_csrf"]?.filename == nil)
        let logo = try #require(form["logo"])
        #expect(logo.filename == "logo.png")
        #expect(logo.contentType == "image/png")
        // Bytes that look like line ends and dashes inside the file are content, kept exactly.
        #expect(logo.body == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x0D, 0x0A, 0x2D, 0x2D])
    }

    @Test func ignoresPreambleEpilogueAndTransportPadding() throws {
        let form = try parse("This is a preamble.\r\n--b  \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--\r\nepilogue")
        #expect(form["a"]?.text == "1")
    }

    @Test func keepsEmptyValuesEmptyFileInputsAndRepeatedNames() throws {
        let form = try parse("""
            --b\r
            Content-Disposition: form-data; name="tier"\r
            \r
            gold\r
            --b\r
            Content-Disposition: form-data; name="tier"\r
            \r
            \r
            --b\r
            Content-Disposition: form-data; name="logo"; filename=""\r
            Content-Type: application/octet-stream\r
            \r
            \r
            --b--
            """)
        #expect(form.parts(named: "tier").map(\.text) == ["gold", ""])
        #expect(form["logo"]?.filename == "")
        #expect(form["logo"]?.body == [])
    }

    @Test func readsQuotedParametersWithEscapesAndUTF8FileNames() throws {
        let form = try parse("--b\r\nContent-Disposition: form-data; name=\"a\\\"b\"; filename=\"Ünïcode \\\\ logo.png\"\r\n\r\nx\r\n--b--")
        #expect(form.parts.first?.name == "a\"b")
        #expect(form.parts.first?.filename == "Ünïcode \\ logo.png")
    }

    @Test func takesTheBoundaryFromContentTypeQuotedOrNot() throws {
        #expect(try MultipartFormData.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(try MultipartFormData.boundary(contentType: "Multipart/Form-Data ; charset=utf-8; BOUNDARY=\"a b'(c)\"") == "a b'(c)")
    }

    @Test(arguments: [
        "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"ends with space \"", "multipart/form-data; boundary=a;b",
        "multipart/form-data; boundary=\"\(String(repeating: "x", count: 71))\"", "multipart/form-data; boundary=\"a\u{7F}\"",
        "multipart/form-data; boundary=a; boundary=b", "multipart/form-data; boundary=\"unterminated",
    ])
    func refusesMissingOrInvalidBoundaries(contentType: String) {
        #expect(throws: MultipartFormDataError.invalidBoundary) { try MultipartFormData.boundary(contentType: contentType) }
    }

    @Test func answers415ForOtherMediaTypesAnd400ForMalformedBodies() {
        for contentType in [nil, "application/x-www-form-urlencoded", "multipart/mixed; boundary=b", "text/plain"] {
            #expect(throws: HTTPError.self) { try request(Self.browserBody, contentType: contentType).multipartFormData() }
            #expect((try? MultipartFormData.boundary(contentType: contentType)) == nil)
        }
        do {
            _ = try request(Array("garbage".utf8)).multipartFormData()
            Issue.record("garbage parsed")
        } catch {
            #expect(error.status == .badRequest)
        }
        do {
            _ = try request([], contentType: "text/plain").multipartFormData()
            Issue.record("a text/plain body parsed as multipart")
        } catch {
            #expect(error.status == .unsupportedMediaType)
        }
    }

    @Test(arguments: [
        ("no delimiter at all", "just text", MultipartFormDataError.missingOpeningDelimiter),
        ("no close delimiter", "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1", .missingCloseDelimiter),
        ("close delimiter only", "--b--\r\n", .malformedDelimiter),
        ("bytes after a delimiter", "--bX\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--", .malformedDelimiter),
        ("bare LF ends the headers", "--b\r\nContent-Disposition: form-data; name=a\n\n1\r\n--b--", .malformedPartHeaders),
        ("folded header line", "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\n1\r\n--b--", .malformedPartHeaders),
        ("header without colon", "--b\r\nContent-Disposition form-data\r\n\r\n1\r\n--b--", .malformedPartHeaders),
        ("space in header name", "--b\r\nContent Disposition: form-data; name=a\r\n\r\n1\r\n--b--", .malformedPartHeaders),
        ("no Content-Disposition", "--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--", .missingFormDataName),
        ("not form-data", "--b\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--b--", .missingFormDataName),
        ("no name", "--b\r\nContent-Disposition: form-data; filename=a.png\r\n\r\n1\r\n--b--", .missingFormDataName),
        ("two names", "--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n1\r\n--b--", .missingFormDataName),
        ("two dispositions", "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n\r\n1\r\n--b--",
         .missingFormDataName),
        ("two content types", "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type: a/b\r\nContent-Type: c/d\r\n\r\n1\r\n--b--",
         .malformedPartHeaders),
    ])
    func refusesMalformedBodies(_ description: String, _ body: String, _ expected: MultipartFormDataError) {
        #expect(throws: expected, "\(description)") { try parse(body) }
    }

    @Test func enforcesThePartCountAndHeaderSizeLimits() {
        let part = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
        let three = Array((String(repeating: part, count: 3) + "--b--").utf8)
        let limits = MultipartFormData.Limits(maximumParts: 2, maximumPartHeaderBytes: 100)
        #expect(throws: MultipartFormDataError.tooManyParts(limit: 2)) { try MultipartFormData(body: three, boundary: "b", limits: limits) }
        let bigHeader = Array("--b\r\nContent-Disposition: form-data; name=a\r\nX-Padding: \(String(repeating: "p", count: 200))\r\n\r\n1\r\n--b--".utf8)
        #expect(throws: MultipartFormDataError.partHeadersTooLarge(limit: 100)) {
            try MultipartFormData(body: bigHeader, boundary: "b", limits: limits)
        }
        #expect((try? MultipartFormData(body: Array((part + part + "--b--").utf8), boundary: "b", limits: limits))?.parts.count == 2)
    }

    /// Fuzz-minded: every prefix of a valid body is refused (only the complete body, or one cut
    /// inside its epilogue, parses), and so is — or parses to the same field names — every
    /// body with one byte changed. Nothing crashes, and no part appears that was not sent.
    @Test func everyTruncationAndSingleByteCorruptionIsRefusedOrHarmless() {
        let body = Self.browserBody
        let closeEnd = body.count - 2  // the close delimiter ends before the final CRLF (epilogue)
        for length in 0..<body.count {
            let result = try? MultipartFormData(body: Array(body.prefix(length)), boundary: Self.boundary)
            if length < closeEnd - 2 { #expect(result == nil, "a body cut at \(length) bytes parsed") }
        }
        for index in body.indices {
            for replacement: UInt8 in [0x00, 0x0A, 0x0D, 0x2D, 0x22, 0xFF] where body[index] != replacement {
                var corrupted = body
                corrupted[index] = replacement
                if let form = try? MultipartFormData(body: corrupted, boundary: Self.boundary) {
                    #expect(form.parts.count <= 2, "corrupting byte \(index) produced \(form.parts.map(\.name))")
                }
            }
        }
    }

    @Test func findsNeedlesOnlyWithinTheBound() {
        let haystack = Array("abc\r\n--b".utf8)
        #expect(MultipartFormData.find(Array("\r\n--b".utf8), in: haystack, from: 0) == 3)
        #expect(MultipartFormData.find(Array("\r\n--b".utf8), in: haystack, from: 4) == nil)
        #expect(MultipartFormData.find(Array("\r\n".utf8), in: haystack, from: 0, within: 4) == nil)
        #expect(MultipartFormData.find(Array("xyz".utf8), in: [], from: 0) == nil)
    }
}
