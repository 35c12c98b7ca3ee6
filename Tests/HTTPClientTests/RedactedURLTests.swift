import Testing
import HTTPClient

@Suite struct RedactedURLTests {
    @Test func removesUserInformation() {
        let redacted = RedactedURL("https://ck_123:cs_456@shop.example:8443/wp-json/wc/v3/orders")
        #expect(redacted.description == "https://shop.example:8443/wp-json/wc/v3/orders")
    }

    @Test func keepsQueryNamesButNotValues() {
        let redacted = RedactedURL("https://shop.example/orders?page=2&consumer_secret=cs_456&flag")
        #expect(redacted.description == "https://shop.example/orders?page=…&consumer_secret=…&flag")
    }

    @Test func dropsTheFragment() {
        #expect(RedactedURL("https://h.example/cb#access_token=t0k3n").description == "https://h.example/cb")
    }

    @Test func leavesAnAtSignInThePathAlone() {
        let url = "https://h.example/users/someone@example.org"
        #expect(RedactedURL(url).description == url)
    }

    @Test func redactsEvenWhatIsNotAURL() {
        #expect(RedactedURL("not a url?secret=1").description == "not a url?secret=…")
        #expect(RedactedURL("").description == "")
    }
}
