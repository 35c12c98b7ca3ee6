import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 5 §7 over HTTP: connections created, tested, paused and removed through the API,
/// with credentials that go in and never come out.
@Suite struct ConnectionsAPITests {
    static let secret = "api-test-signing-secret-0001"

    @Test func anAdminConnectsASystemTestsItAndTheSecretNeverComesBack() throws {
        let receiver = try SignedDeliveryEndpoint()
        try APIWorld.with { (world) throws in
            let admin = world.acmeAdmin.token
            let connectors = world.call(.get, "/connectors", token: admin)
            #expect(connectors.status == .ok)
            let kinds = (connectors.object["data"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.contains("outbound-webhook"))

            let created = world.call(.post, "/customers/\(world.a1.id)/connections", token: admin, json: """
                {"environment":"sandbox","kind":"outbound-webhook","name":"BI","values":{"url":"\(receiver.url)","signing_secret":"\(Self.secret)"}}
                """)
            #expect(created.status == .created, "\(created.text)")
            #expect(!created.text.contains(Self.secret))
            #expect(created.object["secret_fields"] as? [String] == ["signing_secret"])
            #expect(created.object["environment"] as? String == "sandbox")
            let id = try #require(created.object["id"] as? String)

            let tested = world.call(.post, "/connections/\(id)/test", token: admin)
            #expect(tested.status == .ok, "\(tested.text)")
            #expect(tested.object["succeeded"] as? Bool == true, "\(tested.text)")
            #expect((tested.object["summary"] as? String)?.contains("HTTP 204") == true)
            let read = world.call(.get, "/connections/\(id)", token: world.acmeViewer.token)
            #expect((read.object["last_test"] as? [String: Any])?["succeeded"] as? Bool == true)
            #expect(!read.text.contains(Self.secret))

            // The same endpoint cannot also be production's.
            let production = world.call(.post, "/customers/\(world.a1.id)/connections", token: admin, json: """
                {"environment":"production","kind":"outbound-webhook","name":"BI","values":{"url":"\(receiver.url)","signing_secret":"\(Self.secret)"}}
                """)
            #expect(production.status == .conflict, "\(production.text)")
            #expect(production.text.contains("/values/url"))

            #expect(world.call(.delete, "/connections/\(id)", token: admin).status == .noContent)
            #expect(world.call(.get, "/connections/\(id)", token: admin).status == .notFound)
        }
    }

    @Test func refusedValuesAreNamedUnderValuesAndNothingIsStored() throws {
        try APIWorld.with { (world) throws in
            let response = world.call(.post, "/customers/\(world.a1.id)/connections", token: world.acmeAdmin.token, json: """
                {"environment":"sandbox","kind":"outbound-webhook","name":"BI","values":{"url":"gopher://bi.example","max_attempts":"0"}}
                """)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            let fields = (response.object["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }.sorted()
            #expect(fields == ["/values/max_attempts", "/values/signing_secret", "/values/url"])
            #expect(try world.count("SELECT count(*) FROM connections") == 0)

            let unknownKind = world.call(.post, "/customers/\(world.a1.id)/connections", token: world.acmeAdmin.token, json: """
                {"environment":"sandbox","kind":"magento","name":"Shop","values":{}}
                """)
            #expect(unknownKind.status == .unprocessableContent)
            #expect(unknownKind.text.contains("/kind"))
        }
    }

    @Test func aFailedTestSaysWhatTheSystemAnswered() throws {
        try APIWorld.with { (world) throws in
            let created = world.call(.post, "/customers/\(world.a1.id)/connections", token: world.acmeAdmin.token, json: """
                {"environment":"sandbox","kind":"outbound-webhook","name":"Dead","values":{"url":"http://127.0.0.1:9/hooks","signing_secret":"\(Self.secret)"}}
                """)
            let id = try #require(created.object["id"] as? String)
            let tested = world.call(.post, "/connections/\(id)/test", token: world.acmeAdmin.token)
            #expect(tested.status == .ok)
            #expect(tested.object["succeeded"] as? Bool == false)
            #expect((tested.object["error"] as? [String: Any])?["class"] as? String == "transient")
        }
    }
}
