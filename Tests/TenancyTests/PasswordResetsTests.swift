import Crypto
import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct PasswordResetsTests {
    let start = TenantTestDatabase.start
    let newPassword = "a much better passphrase"
    let hasher = TenantTestDatabase.fastHasher

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    func request(_ db: TenantTestDatabase, _ email: String, in partnerID: UUID, at now: Date, mailer: RecordingMailer) throws {
        try db.inPartner(partnerID) {
            try PasswordResets.request(email: email, in: partnerID, baseURL: "https://portal.example.com/", now: now,
                                       mailer: mailer, on: $0)
        }
    }

    @discardableResult
    func complete(_ db: TenantTestDatabase, _ token: String, password: String? = nil, in partnerID: UUID,
                  at now: Date) throws -> User {
        try db.inPartner(partnerID) {
            try PasswordResets.complete(token: token, newPassword: password ?? newPassword, in: partnerID, now: now,
                                        hasher: hasher, on: $0)
        }
    }

    var invalidToken: TenancyError { .invalid("token", "is not valid or has expired; ask for a new link") }

    @Test func aRequestMailsAOneTimeLinkWhoseTokenIsStoredOnlyAsItsHash() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword("the old password", for: user)
            let mailer = RecordingMailer()
            try request(db, user.email.uppercased(), in: partner.id, at: start, mailer: mailer)
            let mail = try #require(mailer.sent.first)
            #expect(mailer.sent.count == 1)
            #expect(mail.to == user.email)
            #expect(mail.subject == "Reset your password for the portal")
            #expect(mail.textBody.contains("https://portal.example.com/password/reset?token="))
            let token = try #require(mailer.lastToken())
            let (stored, expires) = try db.owner.query("SELECT token_hash, expires_at FROM password_resets").single()
                .decode(([UInt8], Date).self)
            #expect(stored == SHA256.hash(try #require(Base64URL.decode(token))))
            #expect(stored != Array(token.utf8))
            #expect(expires == at(3600))
            #expect(try db.count("SELECT count(*) FROM password_resets WHERE position(\(token) IN token_hash::text) > 0") == 0)
        }
    }

    @Test func anUnknownOrDisabledAddressIsSilent() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            _ = try db.owner.execute("UPDATE users SET status = 'disabled' WHERE id = \(user.userID)")
            let mailer = RecordingMailer()
            try request(db, "nobody@example.com", in: partner.id, at: start, mailer: mailer)
            try request(db, user.email, in: partner.id, at: start, mailer: mailer)
            try request(db, "not an address", in: partner.id, at: start, mailer: mailer)
            #expect(mailer.sent.isEmpty)
            #expect(try db.count("SELECT count(*) FROM password_resets") == 0)
        }
    }

    @Test func completingSetsThePasswordEndsSessionsAndTheTokenWorksOnce() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword("the old password", for: user)
            let login = db.passwordLogin()
            let old = try login.logIn(email: user.email, password: "the old password", partnerID: partner.id,
                                      remoteAddress: "192.0.2.1", userAgent: nil, now: start)
            let mailer = RecordingMailer()
            try request(db, user.email, in: partner.id, at: at(10), mailer: mailer)
            let token = try #require(mailer.lastToken())
            try complete(db, token, in: partner.id, at: at(20))

            #expect(throws: TenancyError.unauthenticated) {
                try db.inPartner(partner.id) {
                    try Sessions.authenticate(cookieValue: old.cookie.value, in: partner.id, policy: SessionPolicy(),
                                              now: at(30), on: $0)
                }
            }
            #expect(throws: TenancyError.unauthenticated) {
                try login.logIn(email: user.email, password: "the old password", partnerID: partner.id,
                                remoteAddress: "192.0.2.1", userAgent: nil, now: at(40))
            }
            _ = try login.logIn(email: user.email, password: newPassword, partnerID: partner.id, remoteAddress: "192.0.2.1",
                                userAgent: nil, now: at(50))
            #expect(throws: invalidToken) { try complete(db, token, password: "yet another passphrase", in: partner.id, at: at(60)) }
            let audit = try db.owner.query("SELECT actor_kind, actor_email FROM audit_log WHERE action = 'user.password_reset'")
                .single().decode((String, String).self)
            #expect(audit == ("user", user.email))
        }
    }

    @Test func anExpiredOrSupersededTokenIsRefused() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            let mailer = RecordingMailer()
            try request(db, user.email, in: partner.id, at: start, mailer: mailer)
            let first = try #require(mailer.lastToken())
            #expect(throws: invalidToken) { try complete(db, first, in: partner.id, at: at(3600)) }
            try request(db, user.email, in: partner.id, at: at(60), mailer: mailer)
            let second = try #require(mailer.lastToken())
            #expect(throws: invalidToken) { try complete(db, first, in: partner.id, at: at(120)) }
            #expect(throws: invalidToken) { try complete(db, "not-a-token", in: partner.id, at: at(120)) }
            try complete(db, second, in: partner.id, at: at(120))
        }
    }

    @Test func thePasswordPolicyIsEnforcedAndTheTokenSurvivesARefusal() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            let mailer = RecordingMailer()
            try request(db, user.email, in: partner.id, at: start, mailer: mailer)
            let token = try #require(mailer.lastToken())
            #expect(throws: TenancyError.invalid("password", "must be at least 12 characters")) {
                try complete(db, token, password: "short", in: partner.id, at: at(1))
            }
            #expect(throws: TenancyError.invalid("password", "must be at most 256 characters")) {
                try complete(db, token, password: String(repeating: "long ", count: 52), in: partner.id, at: at(1))
            }
            #expect(throws: TenancyError.invalid("password", "must not be your e-mail address")) {
                try complete(db, token, password: user.email, in: partner.id, at: at(1))
            }
            try complete(db, token, in: partner.id, at: at(2))
        }
    }

    @Test func anInvitedUserSetsTheirFirstPasswordThroughTheLink() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerOperator, partner: partner.id)
            let mailer = RecordingMailer()
            try request(db, user.email, in: partner.id, at: start, mailer: mailer)
            #expect(mailer.sent.first?.subject == "Set your password for the portal")
            let updated = try complete(db, try #require(mailer.lastToken()), in: partner.id, at: at(1))
            #expect(updated.hasPassword)
            _ = try db.passwordLogin().logIn(email: user.email, password: newPassword, partnerID: partner.id,
                                             remoteAddress: "192.0.2.1", userAgent: nil, now: at(2))
        }
    }

    @Test func atMostThreeLinksAnHourAreMailed() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            let mailer = RecordingMailer()
            for minute in 0..<5 { try request(db, user.email, in: partner.id, at: at(Double(minute) * 60), mailer: mailer) }
            #expect(mailer.sent.count == 3)
            try request(db, user.email, in: partner.id, at: at(3601), mailer: mailer)
            #expect(mailer.sent.count == 4)
        }
    }

    @Test func changingThePasswordNeedsTheCurrentOneAndKeepsOnlyTheCurrentSession() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword("the old password", for: user)
            let login = db.passwordLogin()
            let here = try login.logIn(email: user.email, password: "the old password", partnerID: partner.id,
                                       remoteAddress: "192.0.2.1", userAgent: nil, now: start)
            let elsewhere = try login.logIn(email: user.email, password: "the old password", partnerID: partner.id,
                                            remoteAddress: "192.0.2.2", userAgent: nil, now: start)
            let caller = Caller(principal: here.principal)
            #expect(throws: TenancyError.invalid("current_password", "is not correct")) {
                try db.inPartner(partner.id) {
                    try PasswordResets.changePassword(current: "a wrong guess", new: newPassword, by: caller, now: at(1),
                                                      hasher: hasher, on: $0)
                }
            }
            #expect(throws: TenancyError.invalid("new_password", "must be at least 12 characters")) {
                try db.inPartner(partner.id) {
                    try PasswordResets.changePassword(current: "the old password", new: "short", by: caller, now: at(1),
                                                      hasher: hasher, on: $0)
                }
            }
            try db.inPartner(partner.id) {
                try PasswordResets.changePassword(current: "the old password", new: newPassword, by: caller, now: at(2),
                                                  hasher: hasher, on: $0)
            }
            let authenticate = { (cookie: SessionCookie) in
                try db.inPartner(partner.id) {
                    try Sessions.authenticate(cookieValue: cookie.value, in: partner.id, policy: SessionPolicy(), now: at(3), on: $0)
                }
            }
            _ = try authenticate(here.cookie)
            #expect(throws: TenancyError.unauthenticated) { try authenticate(elsewhere.cookie) }
            _ = try login.logIn(email: user.email, password: newPassword, partnerID: partner.id, remoteAddress: "192.0.2.1",
                                userAgent: nil, now: at(4))
        }
    }

    @Test func noPasswordCookieOrTokenEverReachesTheAuditLog() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            let mailer = RecordingMailer()
            try request(db, user.email, in: partner.id, at: start, mailer: mailer)
            let token = try #require(mailer.lastToken())
            try complete(db, token, in: partner.id, at: at(1))
            let login = db.passwordLogin()
            let loggedIn = try login.logIn(email: user.email, password: newPassword, partnerID: partner.id,
                                           remoteAddress: "192.0.2.1", userAgent: nil, now: at(2))
            let changed = "the newest passphrase"
            try db.inPartner(partner.id) {
                try PasswordResets.changePassword(current: newPassword, new: changed, by: Caller(principal: loggedIn.principal),
                                                  now: at(3), hasher: hasher, on: $0)
                try Sessions.revoke(loggedIn.session.id, in: partner.id, now: at(4), by: Caller(principal: loggedIn.principal),
                                    on: $0)
            }
            let text = try db.auditLogText()
            // Compared as a set: rows written within one millisecond have no reliable order.
            let actions = try db.owner.query("SELECT action FROM audit_log").map { try $0.decode(String.self, at: 0) }
            #expect(actions.sorted() == ["partner.create", "session.create", "session.revoke", "user.create",
                                         "user.password_change", "user.password_reset", "user.password_reset_request"])
            for secret in [token, loggedIn.cookie.value, newPassword, changed, "$scrypt$", "password_hash", "token_hash"] {
                #expect(!text.contains(secret), "the audit log contains \(secret)")
            }
        }
    }
}
