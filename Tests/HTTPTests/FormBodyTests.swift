import HTTP
import Testing

/// Decoding `application/x-www-form-urlencoded` bodies (WHATWG URL §5.1) from requests.
@Suite struct FormBodyTests {
    private func post(_ body: String, contentType: String? = "application/x-www-form-urlencoded") -> Request {
        var headers = HTTPHeaders()
        if let contentType { headers.add("Content-Type", contentType) }
        return Request(method: .post, target: "/login", headers: headers, body: Array(body.utf8))
    }

    @Test func decodesPlusAsSpaceAndPercentEscapes() throws {
        let form = try post("name=Ada+Lovelace&city=New%20York&email=ada%40example.com&plus=1%2B1").form()
        #expect(form["name"] == "Ada Lovelace")
        #expect(form["city"] == "New York")
        #expect(form["email"] == "ada@example.com")
        #expect(form["plus"] == "1+1")
    }

    @Test func decodesUTF8InNamesAndValues() throws {
        let form = try post("caf%C3%A9=cr%C3%A8me+br%C3%BBl%C3%A9e").form()
        #expect(form["café"] == "crème brûlée")
    }

    @Test func keepsRepeatedNamesInOrder() throws {
        let form = try post("tier=gold&x=1&tier=bronze&tier=silver").form()
        #expect(form.values("tier") == ["gold", "bronze", "silver"])
        #expect(form["tier"] == "gold")
        #expect(form.fields.map(\.name) == ["tier", "x", "tier", "tier"])
    }

    @Test func treatsMissingEqualsAsEmptyValueAndSkipsEmptyPieces() throws {
        let form = try post("&remember&&a=&=b&c=d=e&").form()
        #expect(form.fields == [
            FormBody.Field(name: "remember", value: ""), FormBody.Field(name: "a", value: ""),
            FormBody.Field(name: "", value: "b"), FormBody.Field(name: "c", value: "d=e"),
        ])
    }

    @Test func splitsOnSeparatorBytesEvenBeforeACombiningMark() throws {
        let form = try post("a=1&\u{301}b=2").form()
        #expect(form["a"] == "1")
        #expect(form["\u{301}b"] == "2")
    }

    @Test func emptyBodyIsAnEmptyForm() throws {
        let form = try post("").form()
        #expect(form.fields.isEmpty)
        #expect(form["anything"] == nil)
        #expect(form.values("anything").isEmpty)
    }

    @Test func ignoresContentTypeParametersAndCase() throws {
        let form = try post("a=1", contentType: "Application/X-WWW-Form-URLEncoded ; charset=UTF-8").form()
        #expect(form["a"] == "1")
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "%G0=1", "a=%C3%28", "a=%FF"])
    func refusesBadEscapesAndInvalidUTF8WithBadRequest(body: String) {
        #expect { try post(body).form() } throws: { ($0 as? HTTPError)?.status == .badRequest }
    }

    @Test func refusesRawBytesThatAreNotUTF8WithBadRequest() {
        let request = Request(method: .post, target: "/", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                              body: [UInt8(ascii: "a"), UInt8(ascii: "="), 0xFF])
        #expect { try request.form() } throws: { ($0 as? HTTPError)?.status == .badRequest }
    }

    @Test(arguments: [nil, "application/json", "multipart/form-data; boundary=x", "text/plain", "application/x-www-form-urlencodedX"])
    func refusesOtherContentTypesWithUnsupportedMediaType(contentType: String?) {
        #expect { try post("a=1", contentType: contentType).form() } throws: {
            ($0 as? HTTPError)?.status == .unsupportedMediaType
        }
    }

    @Test func aHandlerThatReadsABadFormAnswersItsStatus() {
        let router = Router()
        router.post("/login") { request in .text(try request.form()["email"] ?? "none") }
        #expect(router.respond(to: post("email=a%40b")).status == .ok)
        #expect(router.respond(to: post("email=%E0")).status == .badRequest)
        #expect(router.respond(to: post("{}", contentType: "application/json")).status == .unsupportedMediaType)
    }
}
