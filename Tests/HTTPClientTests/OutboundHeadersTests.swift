import Testing
import HTTPClient

@Suite struct OutboundHeadersTests {
    @Test func looksUpNamesIgnoringCase() {
        let headers: OutboundHeaders = ["Content-Type": "application/json"]
        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers.contains("Content-type"))
        #expect(headers["Content-Length"] == nil)
    }

    @Test func keepsRepeatedFieldsInOrder() {
        var headers = OutboundHeaders()
        headers.append(name: "Set-Cookie", value: "a=1")
        headers.append(name: "X-Other", value: "x")
        headers.append(name: "set-cookie", value: "b=2")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["Set-Cookie"] == "a=1")
        #expect(headers.map(\.name) == ["Set-Cookie", "X-Other", "set-cookie"])
    }

    @Test func replaceLeavesOneFieldOfThatName() {
        var headers: OutboundHeaders = ["Accept": "text/html", "X-Keep": "1"]
        headers.append(name: "accept", value: "text/plain")
        headers.replace(name: "Accept", value: "application/json")
        #expect(headers.values(for: "accept") == ["application/json"])
        #expect(headers["X-Keep"] == "1")
        #expect(headers.count == 2)
    }

    @Test func doesNotFoldNonASCIILettersWhenComparingNames() {
        let headers: OutboundHeaders = ["X-Stra\u{DF}e": "1"]
        #expect(headers["X-STRASSE"] == nil)
    }
}
