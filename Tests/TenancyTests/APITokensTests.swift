import Crypto
import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct APITokensTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test func aNewTokenIsShownOnceAndOnlyItsHashIsStored() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let issued = try db.asCaller(admin) { connection, caller in
                try APITokens.create(name: "ERP import", scope: .write, expiresAt: nil, by: caller, now: Self.now, on: connection)
            }
            #expect(issued.plaintext.hasPrefix("cpt_"))
            #expect(issued.plaintext.count == 4 + 43)
            #expect(issued.token.displayPrefix == String(issued.plaintext.prefix(12)))
            #expect(issued.token.expiresAt == Self.now.addingTimeInterval(APITokens.defaultLifetime))
            #expect(!"\(issued)".contains(issued.plaintext.dropFirst(12)))

            let (hash, row) = try db.owner.query("SELECT token_hash, row_to_json(t)::text FROM api_tokens t")
                .single().decode(([UInt8], String).self)
            #expect(hash == SHA256.hash(Array(issued.plaintext.utf8)))
            #expect(!row.contains(issued.plaintext.dropFirst(12)))
        }
    }

    @Test func creationIsAuditedWithTheViewButNeitherPlaintextNorHash() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let issued = try db.asCaller(admin) {
                try APITokens.create(name: "ERP import", scope: .read, expiresAt: nil, by: $1, now: Self.now, on: $0)
            }
            let (targetID, after) = try db.owner.query("""
                SELECT target_id, after::text FROM audit_log WHERE action = 'api_token.create'
                """).single().decode((String, String).self)
            #expect(targetID == issued.token.id.uuidString.lowercased())
            #expect(after.contains(issued.token.displayPrefix))
            #expect(!after.contains(issued.plaintext.dropFirst(12)))
            #expect(!after.contains(Hex.encode(SHA256.hash(Array(issued.plaintext.utf8)))))
            #expect(!after.contains("hash"))
        }
    }

    // Operators change mappings (mappings:write), so their tokens may write; admin stays out of reach.
    @Test(arguments: [(Role.platformAdmin, TokenScope.admin), (.partnerAdmin, .admin), (.partnerOperator, .write),
                      (.customerViewer, .read)])
    func theScopeMayNotExceedWhatTheCreatorsRoleAllows(role: Role, widest: TokenScope) throws {
        try TenantTestDatabase.withSchema { db in
            let partner = role == .platformAdmin ? db.platformPartnerID : try db.makePartner().id
            let customer = role == .customerViewer ? try db.makeCustomer(in: partner) : nil
            let user = try db.makeUser(role, partner: partner, customer: customer)
            let issued = try db.asCaller(user) {
                try APITokens.create(name: "widest", scope: widest, expiresAt: nil, by: $1, now: Self.now, on: $0)
            }
            #expect(issued.token.scope == widest)
            #expect(issued.token.customerID == customer)
            for wider in TokenScope.allCases where wider > widest {
                #expect(throws: TenancyError.invalid("scope", "may be at most \(widest.rawValue) for you")) {
                    try db.asCaller(user) {
                        try APITokens.create(name: "too wide", scope: wider, expiresAt: nil, by: $1, now: Self.now, on: $0)
                    }
                }
            }
        }
    }

    @Test func expiryMustBeInTheFutureAndWithinAYearAndEveryBadFieldIsNamed() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
            #expect(throws: TenancyError.invalid([
                FieldProblem(field: "name", message: "must not be empty"),
                FieldProblem(field: "scope", message: "may be at most write for you"),
                FieldProblem(field: "expires_at", message: "must be in the future"),
            ])) {
                try db.asCaller(operatorUser) {
                    try APITokens.create(name: " ", scope: .admin, expiresAt: Self.now, by: $1, now: Self.now, on: $0)
                }
            }
            #expect(throws: TenancyError.invalid("expires_at", "must be at most 366 days ahead")) {
                try db.asCaller(operatorUser) {
                    try APITokens.create(name: "long", scope: .read, expiresAt: Self.now.addingTimeInterval(400 * 86_400),
                                         by: $1, now: Self.now, on: $0)
                }
            }
            #expect(throws: TenancyError.invalid("name", "must be at most 100 characters")) {
                try db.asCaller(operatorUser) {
                    try APITokens.create(name: String(repeating: "n", count: 101), scope: .read, expiresAt: nil,
                                         by: $1, now: Self.now, on: $0)
                }
            }
            #expect(try db.owner.query("SELECT count(*) FROM api_tokens").single().decode(Int.self, at: 0) == 0)
        }
    }

    @Test func theCommandLineCannotOwnAToken() throws {
        _ = try TenantTestDatabase.withSchema { db in
            #expect(throws: TenancyError.forbidden(.tokensOwn)) {
                try db.database.transaction(.system) {
                    try APITokens.create(name: "cli", scope: .read, expiresAt: nil, by: db.system, now: Self.now, on: $0)
                }
            }
        }
    }

    @Test func usersListTheirOwnTokensAndOnlyTokensAllListsEveryonesInThePartner() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
            let otherAdmin = try db.makeUser(.partnerAdmin, partner: try db.makePartner().id)
            let adminToken = try db.issue(for: admin, now: Self.now)
            let operatorToken = try db.issue(for: operatorUser, scope: .read, now: Self.now)
            _ = try db.issue(for: otherAdmin, now: Self.now)

            let own = try db.asCaller(operatorUser) { connection, _ in
                try APITokens.list(for: operatorUser, all: false, after: nil, limit: 10, on: connection)
            }
            #expect(own.map(\.id) == [operatorToken.token.id])
            #expect(throws: TenancyError.forbidden(.tokensAll)) {
                try db.asCaller(operatorUser) { connection, _ in
                    try APITokens.list(for: operatorUser, all: true, after: nil, limit: 10, on: connection)
                }
            }
            let all = try db.asCaller(admin) { connection, _ in
                try APITokens.list(for: admin, all: true, after: nil, limit: 10, on: connection)
            }
            #expect(all.map(\.id) == [adminToken.token.id, operatorToken.token.id])
            let page = try db.asCaller(admin) { connection, _ in
                try APITokens.list(for: admin, all: true, after: adminToken.token.id, limit: 10, on: connection)
            }
            #expect(page.map(\.id) == [operatorToken.token.id])
        }
    }

    @Test func revokingNeedsOwnershipOrTokensAllAndIsAuditedOnce() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
            let adminToken = try db.issue(for: admin, now: Self.now)
            let operatorToken = try db.issue(for: operatorUser, scope: .read, now: Self.now)

            #expect(throws: TenancyError.forbidden(.tokensAll)) {
                try db.asCaller(operatorUser) { try APITokens.revoke(adminToken.token.id, by: $1, now: Self.now, on: $0) }
            }
            let revoked = try db.asCaller(admin) {
                try APITokens.revoke(operatorToken.token.id, by: $1, now: Self.now, on: $0)
            }
            #expect(revoked.revokedAt == Self.now)
            let again = try db.asCaller(operatorUser) {
                try APITokens.revoke(operatorToken.token.id, by: $1, now: Self.now.addingTimeInterval(60), on: $0)
            }
            #expect(again.revokedAt == Self.now, "revoking twice keeps the first time")
            let audits = try db.owner.query("""
                SELECT actor_email, before->>'revoked_at', after->>'revoked_at' IS NOT NULL FROM audit_log
                WHERE action = 'api_token.revoke'
                """).decode((String, String?, Bool).self)
            #expect(audits.count == 1)
            #expect(audits.first?.0 == admin.email)
            #expect(audits.first?.1 == nil)
            #expect(audits.first?.2 == true)
        }
    }

    @Test func anotherPartnersTokenIsNotFound() throws {
        try TenantTestDatabase.withSchema { db in
            let acmeAdmin = try db.makeUser(.partnerAdmin, partner: try db.makePartner().id)
            let betaAdmin = try db.makeUser(.partnerAdmin, partner: try db.makePartner().id)
            let token = try db.issue(for: acmeAdmin, now: Self.now)
            #expect(throws: TenancyError.notFound("api token")) {
                try db.asCaller(betaAdmin) { try APITokens.revoke(token.token.id, by: $1, now: Self.now, on: $0) }
            }
            let revokedAt = try db.owner.query("SELECT revoked_at FROM api_tokens").single().decode(Date?.self, at: 0)
            #expect(revokedAt == nil)
        }
    }
}

extension TenantTestDatabase {
    /// A token for `principal`, created through the product's own path.
    func issue(for principal: Principal, scope: TokenScope = .admin, expiresAt: Date? = nil, now: Date) throws -> IssuedAPIToken {
        try asCaller(principal) {
            try APITokens.create(name: "token \(UUID().uuidString.prefix(6))", scope: scope, expiresAt: expiresAt,
                                 by: $1, now: now, on: $0)
        }
    }

    /// A customer of `partner`, created by the command line.
    func makeCustomer(in partner: UUID, name: String = "Shop \(UUID().uuidString.prefix(6))") throws -> UUID {
        let admin = Principal.acting(in: partner, as: system.principal)
        return try database.transaction(.partner(partner)) { connection in
            try Customers.create(NewCustomer(name: name), by: Caller(principal: admin), on: connection).id
        }
    }
}
