import HTTP
import Testing

/// Reading the `Cookie` request field (RFC 6265 §4.2, §5.4).
@Suite struct CookieTests {
    private func cookies(_ fields: String...) -> [String: String] {
        var headers = HTTPHeaders()
        for field in fields { headers.add("Cookie", field) }
        return Request(method: .get, target: "/", headers: headers).cookies
    }

    @Test func readsPairsSeparatedBySemicolonAndSpace() {
        #expect(cookies("cp_session=abc123; cp_csrf=xyz") == ["cp_session": "abc123", "cp_csrf": "xyz"])
    }

    @Test func toleratesMissingAndExtraSpacesAroundPairs() {
        #expect(cookies("a=1;b=2 ;  c = 3 ;\td=4") == ["a": "1", "b": "2", "c": "3", "d": "4"])
    }

    @Test func firstOccurrenceOfANameWins() {
        #expect(cookies("id=specific; id=general") == ["id": "specific"])
    }

    @Test func firstOccurrenceWinsAcrossSeveralCookieFields() {
        #expect(cookies("id=first", "id=second; other=x") == ["id": "first", "other": "x"])
    }

    @Test func skipsMalformedPairsAndKeepsTheRest() {
        // No `=`, empty name, a name with a separator, a value with a space, comma or backslash.
        let parsed = cookies("novalue; =orphan; bad name=1; spaced=a b; comma=a,b; slash=a\\b; good=yes")
        #expect(parsed == ["good": "yes"])
    }

    @Test func aMalformedFirstOccurrenceDoesNotHideAValidLaterOne() {
        #expect(cookies("id=a b; id=valid") == ["id": "valid"])
    }

    @Test func removesOnePairOfSurroundingQuotes() {
        #expect(cookies("q=\"quoted\"; e=\"\"") == ["q": "quoted", "e": ""])
    }

    @Test func keepsEqualsSignsAndBase64PaddingInValues() {
        #expect(cookies("token=YWJj==; pair=a=b") == ["token": "YWJj==", "pair": "a=b"])
    }

    @Test func acceptsEmptyValues() {
        #expect(cookies("cleared=; other=1") == ["cleared": "", "other": "1"])
    }

    @Test func noCookieFieldMeansNoCookies() {
        #expect(Request(method: .get, target: "/").cookies.isEmpty)
        #expect(cookies("").isEmpty)
        #expect(cookies(" ; ;; ").isEmpty)
    }

    @Test func refusesNonASCIIValues() {
        #expect(cookies("name=caf\u{E9}; ok=1") == ["ok": "1"])
    }

    @Test func aCombiningMarkAfterASeparatorDoesNotHideIt() {
        #expect(cookies("a=1;\u{301}b=2; c=3") == ["a": "1", "c": "3"])
    }
}
