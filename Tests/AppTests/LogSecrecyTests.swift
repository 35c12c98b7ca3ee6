import Crypto
import Foundation
import HTTPClient
import Postgres
import Tenancy
import Testing
import TestSupport

/// Issue 3 §8: no secret ever appears in a log line. The real binary runs every command that
/// handles one — a password on standard input, tokens issued and used over HTTP, master keys
/// during a rotation — at `trace`, the most talkative level, and everything it printed is
/// searched for each secret.
@Suite(.serialized) struct LogSecrecyTests {
    @Test(.timeLimit(.minutes(10))) // a guard against a hang, not a speed test: the machine may be busy
    func noPasswordTokenOrKeyAppearsInAnyOutputAtTraceLevel() throws {
        try TenantTestDatabase.withSchema { db in
            let oldKey = KeyringConfiguration.generateKeyText(), newKey = KeyringConfiguration.generateKeyText()
            let base = [
                "DATABASE_URL": db.applicationURL, "COUNTERPART_LOG_LEVEL": "trace",
                "COUNTERPART_MIGRATIONS_DIR": TenantTestDatabase.migrationsDirectory.path,
                "COUNTERPART_MAIL_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID())").path,
            ]
            var printed = ""
            func run(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:],
                     answer: Bool = false) throws -> String {
                let result = try Executable.run(arguments, environment: base.merging(extra) { $1 }, input: input)
                // `token add` prints the token it issues as its answer, once, on standard
                // output; that line is the command's purpose, every other line is searched.
                let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
                printed += (answer ? lines.dropLast(2) : lines[...]).joined(separator: "\n") + result.errors
                #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.errors)")
                return result.output
            }
            let password = "correct horse battery staple \(UUID().uuidString.prefix(6))"
            _ = try run(["partner", "add", "--slug", "acme", "--name", "Acme"])
            _ = try run(["user", "add", "--partner", "acme", "--email", "ada@acme.example", "--name", "Ada",
                         "--role", "partner_admin", "--password-stdin"], input: password + "\n")
            let token = try run(["token", "add", "--partner", "acme", "--email", "ada@acme.example", "--name", "ci",
                                 "--scope", "admin"], answer: true).split(separator: "\n").last.map(String.init) ?? ""
            #expect(token.hasPrefix("cpt_"))

            // Serve, issue a second token over the API and use both.
            let port = try FreePort.find()
            let server = Process()
            server.executableURL = try Executable.url
            server.arguments = ["serve"]
            server.environment = base.merging(["COUNTERPART_LISTEN": "127.0.0.1:\(port)"]) { $1 }
            let serverOutput = Pipe()
            server.standardOutput = serverOutput
            server.standardError = serverOutput
            try server.run()
            let client = try HTTPClient()
            func send(_ method: OutboundRequest.Method, _ path: String, _ bearer: String, _ body: String = "") throws -> OutboundResponse {
                let headers: OutboundHeaders = body.isEmpty
                    ? ["Authorization": "Bearer \(bearer)"]
                    : ["Authorization": "Bearer \(bearer)", "Content-Type": "application/json"]
                return try client.send(OutboundRequest(method: method, url: "http://127.0.0.1:\(port)/api/v1\(path)",
                                                       headers: headers, body: Array(body.utf8), totalTimeout: .seconds(10)))
            }
            var ready = false
            for _ in 0..<200 where !ready {
                ready = (try? client.send(OutboundRequest(url: "http://127.0.0.1:\(port)/readyz", totalTimeout: .seconds(1))))?.status == 200
                if !ready { usleep(50_000) }
            }
            #expect(ready, "the server did not become ready")
            let created = try send(.post, "/tokens", token, #"{"name":"second","scope":"read"}"#)
            #expect(created.status == 201)
            let second = try #require(((try JSONSerialization.jsonObject(with: Data(created.body))) as? [String: Any])?["token"] as? String)
            #expect(try send(.get, "/customers", second).status == 200)
            #expect(try send(.get, "/customers", token + "x").status == 401)
            server.terminate()
            printed += String(decoding: serverOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            server.waitUntilExit()

            // A secret sealed under the old key, then rotated to the new one with both configured.
            let keyring = try #require(KeyringConfiguration.decodeKey(oldKey).map { Keyring(current: $0) })
            let partner = try db.owner.query("SELECT id FROM partners WHERE slug = 'acme'").single().decode(UUID.self, at: 0)
            let secretText = "woocommerce-consumer-secret-\(UUID().uuidString)"
            _ = try db.database.transaction(.partner(partner)) { connection in
                try Secrets.put(SecretValue(secretText), purpose: "test/credential", box: SecretBox(keyring: keyring),
                                by: Caller(principal: db.principal(.partnerAdmin, partner: partner)), on: connection)
            }
            _ = try run(["keys", "rotate"], environment: [
                "COUNTERPART_MASTER_KEY": newKey, "COUNTERPART_PREVIOUS_MASTER_KEYS": oldKey,
            ])

            #expect(printed.contains("running SQL"), "trace logging was not on; the search below would prove nothing")
            for (name, secret) in [("password", password), ("CLI token", token), ("API token", second),
                                   ("old master key", oldKey), ("new master key", newKey), ("stored secret", secretText)] {
                #expect(!printed.contains(secret), "the \(name) appears in the output")
            }
        }
    }
}
