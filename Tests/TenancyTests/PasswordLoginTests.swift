import Crypto
import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct PasswordLoginTests {
    let password = "correct horse battery staple"
    let now = TenantTestDatabase.start

    @Test func theRightPasswordStartsASessionRecordsTheLoginAndAuditsIt() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerOperator, partner: partner.id)
            try db.setPassword(password, for: user)
            let loggedIn = try db.passwordLogin().logIn(email: user.email, password: password, partnerID: partner.id,
                                                        remoteAddress: "192.0.2.7", userAgent: "Firefox", requestID: "req-1",
                                                        now: now)
            #expect(loggedIn.principal.userID == user.userID)
            #expect(loggedIn.principal.role == .partnerOperator)
            #expect(loggedIn.principal.credential == .session(id: loggedIn.session.id))
            #expect(loggedIn.session.expiresAt == now.addingTimeInterval(12 * 3600))

            let secret = try #require(Base64URL.decode(loggedIn.cookie.value))
            let stored = try db.owner.query("SELECT token_hash, remote_address, user_agent FROM sessions").single()
                .decode(([UInt8], String, String).self)
            #expect(stored == (SHA256.hash(secret), "192.0.2.7", "Firefox"))
            let lastLogin = try db.owner.query("SELECT last_login_at FROM users WHERE id = \(user.userID)").single()
                .decode(Date.self, at: 0)
            #expect(lastLogin == now)
            let audit = try db.owner.query("""
                SELECT action, actor_kind, actor_email, target_id, request_id, remote_address FROM audit_log
                WHERE action LIKE 'session.%'
                """).single().decode((String, String, String, String, String, String).self)
            #expect(audit == ("session.create", "user", user.email, loggedIn.session.id.uuidString.lowercased(), "req-1", "192.0.2.7"))
            #expect(try db.count("SELECT count(*) FROM login_attempts WHERE succeeded") == 1)
        }
    }

    @Test func theEmailMatchesWhateverItsCaseAndSurroundingSpace() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword(password, for: user)
            let loggedIn = try db.passwordLogin().logIn(email: "  " + user.email.uppercased() + " ", password: password,
                                                        partnerID: partner.id, remoteAddress: "192.0.2.7", userAgent: nil,
                                                        now: now)
            #expect(loggedIn.principal.userID == user.userID)
        }
    }

    @Test func aWrongPasswordAnUnknownEmailAndAUserWithoutPasswordAreRefusedAlikeAndCounted() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            let invited = try db.makeUser(.partnerOperator, partner: partner.id)
            try db.setPassword(password, for: user)
            let login = db.passwordLogin()
            for (email, candidate) in [(user.email, "wrong password!"), ("nobody@example.com", password), (invited.email, "")] {
                #expect(throws: TenancyError.unauthenticated) {
                    try login.logIn(email: email, password: candidate, partnerID: partner.id, remoteAddress: "192.0.2.7",
                                    userAgent: nil, now: now)
                }
            }
            #expect(try db.count("SELECT count(*) FROM login_attempts WHERE NOT succeeded") == 3)
            #expect(try db.count("SELECT count(*) FROM sessions") == 0)
        }
    }

    @Test func aDisabledUserIsRefusedEvenWithTheRightPassword() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword(password, for: user)
            _ = try db.owner.execute("UPDATE users SET status = 'disabled' WHERE id = \(user.userID)")
            #expect(throws: TenancyError.unauthenticated) {
                try db.passwordLogin().logIn(email: user.email, password: password, partnerID: partner.id,
                                             remoteAddress: "192.0.2.7", userAgent: nil, now: now)
            }
            #expect(try db.count("SELECT count(*) FROM sessions") == 0)
        }
    }

    @Test func usersOfASuspendedPartnerOrCustomerAreRefused() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: customer.id)
            try db.setPassword(password, for: admin)
            try db.setPassword(password, for: viewer)
            let login = db.passwordLogin()
            _ = try login.logIn(email: viewer.email, password: password, partnerID: partner.id, remoteAddress: "192.0.2.7",
                                userAgent: nil, now: now)

            _ = try db.owner.execute("UPDATE customers SET status = 'suspended' WHERE id = \(customer.id)")
            #expect(throws: TenancyError.unauthenticated) {
                try login.logIn(email: viewer.email, password: password, partnerID: partner.id, remoteAddress: "192.0.2.7",
                                userAgent: nil, now: now)
            }
            _ = try db.owner.execute("UPDATE partners SET status = 'suspended' WHERE id = \(partner.id)")
            #expect(throws: TenancyError.unauthenticated) {
                try login.logIn(email: admin.email, password: password, partnerID: partner.id, remoteAddress: "192.0.2.7",
                                userAgent: nil, now: now)
            }
        }
    }

    @Test func aUserOfAnotherPartnerCannotLogInHere() throws {
        try TenantTestDatabase.withSchema { db in
            let home = try db.makePartner()
            let elsewhere = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: home.id)
            try db.setPassword(password, for: user)
            #expect(throws: TenancyError.unauthenticated) {
                try db.passwordLogin().logIn(email: user.email, password: password, partnerID: elsewhere.id,
                                             remoteAddress: "192.0.2.7", userAgent: nil, now: now)
            }
        }
    }

    @Test func aHashWithWeakerParametersIsReplacedAtLogInAndStillWorks() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword(password, for: user, hasher: PasswordHasher(parameters: .init(logN: 4, r: 8, p: 1)))
            let stronger = PasswordHasher(parameters: .init(logN: 5, r: 8, p: 1))
            let login = db.passwordLogin(hasher: stronger)
            _ = try login.logIn(email: user.email, password: password, partnerID: partner.id, remoteAddress: "192.0.2.7",
                                userAgent: nil, now: now)
            let hash = try db.owner.query("SELECT password_hash FROM users WHERE id = \(user.userID)").single()
                .decode(String.self, at: 0)
            #expect(hash.hasPrefix("$scrypt$ln=5,r=8,p=1$"))
            #expect(!stronger.needsRehash(hash))
            _ = try login.logIn(email: user.email, password: password, partnerID: partner.id, remoteAddress: "192.0.2.7",
                                userAgent: nil, now: now.addingTimeInterval(1))
        }
    }

    @Test func theDummyHashIsWellFormedWithTheHashersParameters() throws {
        let hasher = PasswordHasher(parameters: .init(logN: 4, r: 8, p: 1))
        let dummy = PasswordLogin.dummyHash(hasher.parameters)
        // Verifiable (so it costs a real verification) and current (so it is not an outlier).
        #expect(try hasher.verify(password: "anything", against: dummy) == false)
        #expect(!hasher.needsRehash(dummy))
    }
}
