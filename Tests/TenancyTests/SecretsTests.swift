import Crypto
import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct SecretsTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    @Test func aSecretRoundTripsAndOnlyItsCiphertextIsStored() throws {
        try TenantTestDatabase.withSchema { db in
            let operatorUser = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            let stored = try db.asCaller(operatorUser) {
                try Secrets.put(SecretValue("cs_live_hunter2"), purpose: "connection/1/consumer_secret", box: box, by: $1, on: $0)
            }
            #expect(stored.keyID == box.keyring.currentKeyID)
            let value = try db.asCaller(operatorUser) { connection, _ in
                try Secrets.get("connection/1/consumer_secret", box: box, for: operatorUser, on: connection)
            }
            #expect(value.revealUTF8() == "cs_live_hunter2")

            let (keyID, sealed) = try db.owner.query("SELECT key_id, sealed FROM secrets").single().decode((String, [UInt8]).self)
            #expect(keyID == box.keyring.currentKeyID)
            #expect(!String(decoding: sealed, as: UTF8.self).contains("hunter2"))
            let key = try db.owner.query("SELECT status FROM encryption_keys WHERE id = \(keyID)").single().decode(String.self, at: 0)
            #expect(key == "active")
        }
    }

    @Test func puttingAgainReplacesTheValueInTheSameRowAndAuditsThePurposeOnly() throws {
        try TenantTestDatabase.withSchema { db in
            let operatorUser = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            let first = try db.asCaller(operatorUser) {
                try Secrets.put(SecretValue("first-hunter2"), purpose: "smtp/password", box: box, by: $1, on: $0)
            }
            let second = try db.asCaller(operatorUser) {
                try Secrets.put(SecretValue("second-hunter3"), purpose: "smtp/password", box: box, by: $1, on: $0)
            }
            #expect(second.id == first.id)
            let value = try db.openSecret("smtp/password", box: box, as: operatorUser)
            #expect(value.revealUTF8() == "second-hunter3")
            #expect(try db.owner.query("SELECT count(*) FROM secrets").single().decode(Int.self, at: 0) == 1)

            let audits = try db.owner.query("""
                SELECT action, target_id, before IS NULL AND after = '{"purpose": "smtp/password"}'::jsonb FROM audit_log
                WHERE target_type = 'secret' ORDER BY id
                """).decode((String, String, Bool).self)
            #expect(audits.map(\.0) == ["secret.put", "secret.put"])
            #expect(audits.allSatisfy { $0.1 == first.id.uuidString.lowercased() && $0.2 }, "the purpose and nothing else")
        }
    }

    @Test func aTamperedCiphertextFailsToOpen() throws {
        try TenantTestDatabase.withSchema { db in
            let operatorUser = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            let stored = try db.asCaller(operatorUser) {
                try Secrets.put(SecretValue("hunter2"), purpose: "p", box: box, by: $1, on: $0)
            }
            // Flip one bit of the ciphertext proper (after the 12-byte nonce).
            _ = try db.owner.execute("""
                UPDATE secrets SET sealed = set_byte(sealed, 13, get_byte(sealed, 13) # 1)
                """)
            #expect(throws: SecretError.cannotOpen(keyID: stored.keyID, partnerID: stored.partnerID, secretID: stored.id)) {
                try db.openSecret("p", box: box, as: operatorUser)
            }
        }
    }

    @Test func aCiphertextCopiedToAnotherRowOrPartnerFailsToOpen() throws {
        try TenantTestDatabase.withSchema { db in
            let acme = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            let beta = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            _ = try db.asCaller(acme) { try Secrets.put(SecretValue("acme-secret"), purpose: "erp/password", box: box, by: $1, on: $0) }
            let acmeOther = try db.asCaller(acme) {
                try Secrets.put(SecretValue("other"), purpose: "shop/password", box: box, by: $1, on: $0)
            }
            let betaOwn = try db.asCaller(beta) {
                try Secrets.put(SecretValue("beta-secret"), purpose: "erp/password", box: box, by: $1, on: $0)
            }
            // An attacker with write access to the table copies Acme's ciphertext into another
            // Acme row and into Beta's row for the same purpose.
            _ = try db.owner.execute("""
                UPDATE secrets t SET sealed = s.sealed FROM secrets s
                WHERE s.partner_id = \(acme.partnerID) AND s.purpose = 'erp/password' AND t.id <> s.id
                """)
            #expect(throws: SecretError.cannotOpen(keyID: acmeOther.keyID, partnerID: acme.partnerID, secretID: acmeOther.id)) {
                try db.openSecret("shop/password", box: box, as: acme)
            }
            #expect(throws: SecretError.cannotOpen(keyID: betaOwn.keyID, partnerID: beta.partnerID, secretID: betaOwn.id)) {
                try db.openSecret("erp/password", box: box, as: beta)
            }
            #expect(try db.openSecret("erp/password", box: box, as: acme).revealUTF8()
                == "acme-secret")
        }
    }

    @Test func anotherPartnersOrCustomersSecretIsNotFound() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let mine = try db.makeCustomer(in: partner.id)
            let theirs = try db.makeCustomer(in: partner.id)
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: theirs)
            let stranger = try db.makeUser(.partnerAdmin, partner: try db.makePartner().id)
            _ = try db.asCaller(admin) {
                try Secrets.put(SecretValue("x"), purpose: "shop/key", customerID: mine, box: box, by: $1, on: $0)
            }
            for principal in [viewer, stranger] {
                #expect(throws: TenancyError.notFound("secret")) {
                    try db.openSecret("shop/key", box: box, as: principal)
                }
            }
        }
    }

    @Test func aCustomerScopedCallersSecretBelongsToTheirCustomer() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let customer = try db.makeCustomer(in: partner.id)
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: customer)
            let stored = try db.asCaller(viewer) { try Secrets.put(SecretValue("v"), purpose: "own", box: box, by: $1, on: $0) }
            #expect(stored.customerID == customer)
            #expect(try db.openSecret("own", box: box, as: viewer).revealUTF8() == "v")
        }
    }

    @Test func deletingRemovesTheSecretAndIsAudited() throws {
        try TenantTestDatabase.withSchema { db in
            let operatorUser = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            let stored = try db.asCaller(operatorUser) {
                try Secrets.put(SecretValue("hunter2"), purpose: "p", box: box, by: $1, on: $0)
            }
            try db.asCaller(operatorUser) { try Secrets.delete("p", by: $1, on: $0) }
            #expect(throws: TenancyError.notFound("secret")) {
                try db.openSecret("p", box: box, as: operatorUser)
            }
            #expect(throws: TenancyError.notFound("secret")) {
                try db.asCaller(operatorUser) { try Secrets.delete("p", by: $1, on: $0) }
            }
            let audit = try db.owner.query("""
                SELECT target_id, before = '{"purpose": "p"}'::jsonb AND after IS NULL FROM audit_log WHERE action = 'secret.delete'
                """).single().decode((String, Bool).self)
            #expect(audit == (stored.id.uuidString.lowercased(), true))
        }
    }

    @Test func aSecretUnderAKeyTheKeyringLacksNamesTheKey() throws {
        try TenantTestDatabase.withSchema { db in
            let operatorUser = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            let stored = try db.asCaller(operatorUser) {
                try Secrets.put(SecretValue("hunter2"), purpose: "p", box: box, by: $1, on: $0)
            }
            let otherBox = SecretBox(keyring: Keyring(current: .random()))
            #expect(throws: SecretError.unknownKey(keyID: stored.keyID, partnerID: stored.partnerID, secretID: stored.id)) {
                try db.openSecret("p", box: otherBox, as: operatorUser)
            }
        }
    }

    @Test func aBadPurposeIsNamed() throws {
        try TenantTestDatabase.withSchema { db in
            let operatorUser = try db.makeUser(.partnerOperator, partner: try db.makePartner().id)
            #expect(throws: TenancyError.invalid("purpose", "must be 1–200 characters")) {
                try db.asCaller(operatorUser) { try Secrets.put(SecretValue("x"), purpose: "", box: box, by: $1, on: $0) }
            }
        }
    }
}

extension TenantTestDatabase {
    /// The secret for `purpose` as `principal` sees it, in their own scope.
    func openSecret(_ purpose: String, box: SecretBox, as principal: Principal) throws -> SecretValue {
        try asCaller(principal) { connection, _ in try Secrets.get(purpose, box: box, for: principal, on: connection) }
    }
}
