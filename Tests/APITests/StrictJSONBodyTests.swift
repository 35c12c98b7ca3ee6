@testable import API
import Foundation
import HTTP
import Testing

@Suite struct StrictJSONBodyTests {
    typealias CreateWidget = SampleAPI.CreateWidget

    func decode(_ body: String, contentType: String? = "application/json") throws(ProblemError) -> CreateWidget {
        var headers = HTTPHeaders()
        if let contentType { headers.add("Content-Type", contentType) }
        return try Request.make("/api/v1/widgets", method: .post, headers: headers, body: body).decodeJSON(CreateWidget.self)
    }

    func failure(_ body: String, contentType: String? = "application/json") -> ProblemError? {
        do {
            _ = try decode(body, contentType: contentType)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesAValidBody() throws {
        let widget = try decode(#"{"name":"Bolt","colour":"red","size":3,"dimensions":{"width_mm":12}}"#,
                                contentType: "Application/JSON; charset=utf-8")
        #expect(widget.name == "Bolt")
        #expect(widget.dimensions?.widthMillimetres == 12)
        #expect(widget.tags == nil)
    }

    @Test func namesEveryUnknownField() throws {
        let error = try #require(failure(#"{"name":"Bolt","colour":"red","size":3,"colur":"x","extra":1}"#))
        #expect(error.status == .unprocessableContent)
        #expect(error.errors.map(\.field) == ["/colur", "/extra"])
        #expect(error.errors.allSatisfy { $0.message == "is not a known field" })
    }

    @Test func namesUnknownFieldsInNestedObjects() throws {
        let error = try #require(failure(#"{"name":"B","colour":"red","size":3,"dimensions":{"width_mm":1,"depth":2}}"#))
        #expect(error.errors == [FieldError(field: "/dimensions/depth", message: "is not a known field")])
    }

    @Test func namesWrongTypeWithItsPath() throws {
        let error = try #require(failure(#"{"name":"B","colour":"red","size":3,"tags":["a",7]}"#))
        #expect(error.status == .unprocessableContent)
        #expect(error.errors == [FieldError(field: "/tags/1", message: "must be a string")])
        let size = try #require(failure(#"{"name":"B","colour":"red","size":"3"}"#))
        #expect(size.errors == [FieldError(field: "/size", message: "must be an integer")])
    }

    @Test func namesMissingRequiredField() throws {
        let error = try #require(failure(#"{"name":"B","size":3}"#))
        #expect(error.errors == [FieldError(field: "/colour", message: "is required")])
        let nested = try #require(failure(#"{"name":"B","colour":"red","size":3,"dimensions":{}}"#))
        #expect(nested.errors == [FieldError(field: "/dimensions/width_mm", message: "is required")])
    }

    @Test func namesNullForRequiredField() throws {
        let error = try #require(failure(#"{"name":null,"colour":"red","size":3}"#))
        #expect(error.errors == [FieldError(field: "/name", message: "must not be null")])
    }

    @Test func malformedJSONIsA400SayingWhere() throws {
        let error = try #require(failure(#"{"name": x}"#))
        #expect(error.status == .badRequest)
        #expect(error.slug == "malformed-json")
        #expect(error.detail?.contains("character") == true)
        let empty = try #require(failure(""))
        #expect(empty.status == .badRequest)
        #expect(empty.detail?.contains("empty") == true)
    }

    @Test func bodyThatIsNotAnObjectIsA422AtTheRoot() throws {
        let error = try #require(failure("[1,2]"))
        #expect(error.status == .unprocessableContent)
        #expect(error.errors == [FieldError(field: "", message: "must be a JSON object")])
    }

    @Test(arguments: [nil, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"])
    func wrongContentTypeIsA415(contentType: String?) throws {
        let error = try #require(failure(#"{"name":"B","colour":"red","size":3}"#, contentType: contentType))
        #expect(error.status == .unsupportedMediaType)
    }

    @Test func datesAreRFC3339InAndOutWithZ() throws {
        struct Stamp: StrictlyDecodable, Encodable {
            var seenAt: Date
            enum CodingKeys: String, CodingKey, CaseIterable { case seenAt = "seen_at" }
        }
        let stamp = try StrictJSONBody.decode(Stamp.self, from: Array(#"{"seen_at":"2026-01-31T09:30:00+01:00"}"#.utf8))
        #expect(stamp.seenAt == Date(timeIntervalSince1970: 1_769_848_200))
        let encoded = String(decoding: try Response.json(stamp).body, as: UTF8.self)
        #expect(encoded == #"{"seen_at":"2026-01-31T08:30:00Z"}"#)
        #expect(throws: ProblemError.self) {
            _ = try StrictJSONBody.decode(Stamp.self, from: Array(#"{"seen_at":"31/01/2026"}"#.utf8))
        }
    }

    @Test func responsesUseSnakeCaseKeys() throws {
        struct Output: Encodable { var displayName = "A"; var createdAt = Date(timeIntervalSince1970: 0) }
        let response = try Response.json(Output(), status: .created)
        #expect(response.status == .created)
        #expect(response.headers["Content-Type"] == "application/json")
        let body = try jsonObject(response)
        #expect(body as? [String: String] == ["display_name": "A", "created_at": "1970-01-01T00:00:00Z"])
    }
}

@Suite struct ValidationTests {
    @Test(arguments: ["a@example.com", "first.last+tag@sub.example.co.uk", "x_y@a-b.io"])
    func acceptsEmailAddresses(_ address: String) {
        #expect(FieldRules.isEmailAddress(address))
    }

    @Test(arguments: ["", "plain", "@example.com", "a@", "a@b", "a..b@example.com", "a@-x.com", "a b@example.com",
                      "a@example..com", String(repeating: "a", count: 65) + "@example.com"])
    func refusesNonAddresses(_ address: String) {
        #expect(!FieldRules.isEmailAddress(address))
    }

    @Test func slugsAreLowercaseDNSLabels() {
        #expect(FieldRules.isSlug("acme-retail"))
        #expect(FieldRules.isSlug("a1"))
        #expect(!FieldRules.isSlug("-acme"))
        #expect(!FieldRules.isSlug("Acme"))
        #expect(!FieldRules.isSlug("acme_retail"))
        #expect(!FieldRules.isSlug(String(repeating: "a", count: 64)))
        #expect(!FieldRules.isSlug(""))
    }

    @Test func collectsEveryErrorIntoOneProblem() throws {
        var validation = Validation()
        validation.length("", in: 1...10, at: "/name")
        validation.length("abcdef", in: 1...5, at: "/code")
        validation.email("nope", at: "/email")
        validation.oneOf("purple", ["red", "green"], at: "/colour")
        validation.slug("ok-slug", at: "/slug")
        do {
            try validation.finish()
            Issue.record("expected a validation problem")
        } catch {
            #expect(error.status == .unprocessableContent)
            #expect(error.errors.map(\.field) == ["/name", "/code", "/email", "/colour"])
            #expect(error.errors[3].message == "must be one of: red, green")
        }
    }

    @Test func lengthCountsCodePointsAsJSONSchemaDoes() throws {
        var validation = Validation()
        validation.length("e\u{301}", in: 1...1, at: "/name")   // one grapheme, two code points
        #expect(validation.errors.count == 1)
    }
}

@Suite struct UnstorableStringTests {
    struct Note: StrictlyDecodable {
        var title: String
        var lines: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case title, lines }
    }

    @Test func aStringWithNULIsRefusedNamingItsPointer() {
        let body = Array(#"{"title":"ok","lines":["fine","bad\u0000byte"]}"#.utf8)
        #expect(throws: ProblemError.validation([FieldError(field: "/lines/1", message: "must not contain the NUL character (U+0000)")])) {
            _ = try StrictJSONBody.decode(Note.self, from: body)
        }
    }
}
