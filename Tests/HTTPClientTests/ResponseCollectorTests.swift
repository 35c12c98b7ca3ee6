import Testing
@testable import HTTPClient

@Suite struct ResponseCollectorTests {
    private func collect(_ lines: [String], bodyLimit: Int = 100) -> ResponseCollector {
        let collector = ResponseCollector(bodyLimit: bodyLimit)
        for line in lines {
            Array(line.utf8).withUnsafeBytes { collector.receiveHeaderLine($0) }
        }
        return collector
    }

    @Test func parsesFieldsTrimmingWhitespace() {
        let collector = collect(["HTTP/1.1 200 OK\r\n", "Content-Type:  text/plain \t\r\n", "X-Empty:\r\n", "\r\n"])
        #expect(collector.headers.fields == [
            .init(name: "Content-Type", value: "text/plain"),
            .init(name: "X-Empty", value: ""),
        ])
    }

    @Test func keepsOnlyTheFinalResponsesFields() {
        let collector = collect([
            "HTTP/1.1 100 Continue\r\n", "X-Interim: 1\r\n", "\r\n",
            "HTTP/1.1 302 Found\r\n", "Location: /next\r\n", "\r\n",
            "HTTP/2 200\r\n", "x-final: yes\r\n", "\r\n",
        ])
        #expect(collector.headers.fields == [.init(name: "x-final", value: "yes")])
    }

    @Test func joinsObsoleteLineFoldingWithASpace() {
        let collector = collect(["HTTP/1.1 200 OK\r\n", "X-Long: first\r\n", "   second\r\n", "X-Next: n\r\n"])
        #expect(collector.headers["X-Long"] == "first second")
        #expect(collector.headers["X-Next"] == "n")
    }

    @Test func ignoresLinesWithoutAColon() {
        let collector = collect(["HTTP/1.1 200 OK\r\n", "garbage\r\n", "A: 1\n"])
        #expect(collector.headers.fields == [.init(name: "A", value: "1")])
    }

    @Test func acceptsABodyUpToTheLimitAndRefusesOneByteMore() {
        let collector = ResponseCollector(bodyLimit: 4)
        func offer(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { collector.receiveBody($0) } }
        #expect(offer([1, 2, 3]))
        #expect(offer([4]))
        #expect(!collector.bodyLimitExceeded)
        #expect(!offer([5]))
        #expect(collector.bodyLimitExceeded)
        #expect(collector.body == [1, 2, 3, 4])
    }
}
