@testable import Connectors
import Foundation
import Testing

/// OAuth 1.0a as WooCommerce checks it on plain-http stores (spec §3, RFC 5849). The captures
/// hold no signed request (their OAuth exchanges were recorded without the query), so the
/// signer is held to the RFC's own example and to a vector computed by an independent
/// implementation (Python's `urllib.parse.quote` and `hmac`), and the simulator — which
/// re-implements WooCommerce's `check_oauth_signature` — accepts what it signs.
@Suite struct WooCommerceSignatureTests {
    @Test func buildsTheBaseStringOfRFC5849Section3411() {
        let parameters = [("b5", "=%3D"), ("a3", "a"), ("c@", ""), ("a2", "r b"), ("oauth_consumer_key", "9djdj82h48djs9d2"),
                          ("oauth_token", "kkk9d7dh3k39sjv7"), ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "137131201"),
                          ("oauth_nonce", "7d8f3e4a"), ("c2", ""), ("a3", "2 q")]
        let base = OAuth1Signature.baseString(method: "post", baseURI: "http://example.com/request", parameters: parameters)
        #expect(base == "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D"
            + "%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1"
            + "%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7")
    }

    @Test func signsAWooCommerceRequestAsAnIndependentImplementationDoes() {
        let signer = OAuth1Signature(consumerKey: "ck_0123456789abcdef0123456789abcdef01234567",
                                     consumerSecret: "cs_76543210fedcba9876543210fedcba9876543210")
        let uri = OAuth1Signature.baseURI(scheme: "HTTP", host: "127.0.0.1", port: 8200, path: "/wp-json/wc/v3/orders")
        let parameters = signer.parameters(method: "GET", baseURI: uri, query: [("per_page", "100"), ("modified_after", "2026-11-22T08:44:00")],
                                           timestamp: 1_795_000_000, nonce: "a1b2c3d4e5f6")
        #expect(uri == "http://127.0.0.1:8200/wp-json/wc/v3/orders")
        #expect(parameters.first { $0.0 == "oauth_signature" }?.1 == "QGryuQ3k9+Yq1TTGB2kPjH0TLF06VFWmODzOzJH1U1k=")
        #expect(parameters.first { $0.0 == "oauth_signature_method" }?.1 == "HMAC-SHA256")
    }

    @Test func leavesTheDefaultPortOutOfTheBaseURI() {
        #expect(OAuth1Signature.baseURI(scheme: "http", host: "Shop.Example", port: 80, path: "/shop/wp-json/wc/v3/products")
            == "http://shop.example/shop/wp-json/wc/v3/products")
        #expect(OAuth1Signature.baseURI(scheme: "https", host: "shop.example", port: 8443, path: "")
            == "https://shop.example:8443/")
    }

    @Test func percentEncodesAsRFC3986AndRawurlencodeDo() {
        #expect(OAuth1Signature.percentEncode("a b+c/é~-._") == "a%20b%2Bc%2F%C3%A9~-._")
    }
}
