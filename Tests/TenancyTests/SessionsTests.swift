import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct SessionsTests {
    let start = TenantTestDatabase.start
    let policy = SessionPolicy()

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    /// A partner, a user of it and a session of that user created at `start`.
    func makeSession(_ db: TenantTestDatabase, role: Role = .partnerAdmin)
        throws -> (partner: Partner, user: Principal, issued: IssuedSession) {
        let partner = try db.makePartner()
        let user = try db.makeUser(role, partner: partner.id)
        let issued = try db.inPartner(partner.id) {
            try Sessions.create(for: try #require(user.userID), in: partner.id, remoteAddress: "192.0.2.1", userAgent: "curl",
                                policy: policy, now: start, on: $0)
        }
        return (partner, user, issued)
    }

    func authenticate(_ db: TenantTestDatabase, _ cookie: String, in partnerID: UUID, at now: Date) throws -> Principal {
        try db.inPartner(partnerID) {
            try Sessions.authenticate(cookieValue: cookie, in: partnerID, policy: policy, now: now, on: $0)
        }
    }

    func lastSeen(_ db: TenantTestDatabase) throws -> Date {
        try db.owner.query("SELECT last_seen_at FROM sessions").single().decode(Date.self, at: 0)
    }

    @Test func theCookieAuthenticatesAsItsUserWithTheSessionAsCredential() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, user, issued) = try makeSession(db)
            let principal = try authenticate(db, issued.cookie.value, in: partner.id, at: at(5))
            #expect(principal.userID == user.userID)
            #expect(principal.email == user.email)
            #expect(principal.credential == .session(id: issued.session.id))
        }
    }

    @Test func anUnknownMalformedOrOtherPartnersCookieIsUnauthenticated() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, _, issued) = try makeSession(db)
            let other = try db.makePartner()
            #expect(throws: TenancyError.unauthenticated) { try authenticate(db, issued.cookie.value, in: other.id, at: at(5)) }
            #expect(throws: TenancyError.unauthenticated) { try authenticate(db, "garbage", in: other.id, at: at(5)) }
            #expect(throws: TenancyError.unauthenticated) {
                try authenticate(db, SessionCookie.generate().value, in: other.id, at: at(5))
            }
        }
    }

    @Test func lastSeenIsNotRewrittenWithinAMinuteButIsAfter() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, _, issued) = try makeSession(db)
            _ = try authenticate(db, issued.cookie.value, in: partner.id, at: at(30))
            #expect(try lastSeen(db) == start)
            _ = try authenticate(db, issued.cookie.value, in: partner.id, at: at(59))
            #expect(try lastSeen(db) == start)
            _ = try authenticate(db, issued.cookie.value, in: partner.id, at: at(61))
            #expect(try lastSeen(db) == at(61))
        }
    }

    @Test func anIdleSessionExpiresButUseKeepsItAlive() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, _, issued) = try makeSession(db)
            _ = try authenticate(db, issued.cookie.value, in: partner.id, at: at(20 * 60))
            _ = try authenticate(db, issued.cookie.value, in: partner.id, at: at(49 * 60))
            #expect(throws: TenancyError.unauthenticated) {
                try authenticate(db, issued.cookie.value, in: partner.id, at: at(49 * 60 + 30 * 60))
            }
        }
    }

    @Test func aBusySessionEndsAtTheAbsoluteLifetime() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, _, issued) = try makeSession(db)
            for minute in stride(from: 20, to: 12 * 60, by: 20) {
                _ = try authenticate(db, issued.cookie.value, in: partner.id, at: at(Double(minute) * 60))
            }
            #expect(throws: TenancyError.unauthenticated) {
                try authenticate(db, issued.cookie.value, in: partner.id, at: at(12 * 3600))
            }
        }
    }

    @Test func sessionsOfDisabledUsersAndSuspendedPartnersOrCustomersAreRefused() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, user, issued) = try makeSession(db)
            _ = try db.owner.execute("UPDATE users SET status = 'disabled' WHERE id = \(user.userID)")
            #expect(throws: TenancyError.unauthenticated) { try authenticate(db, issued.cookie.value, in: partner.id, at: at(1)) }
            _ = try db.owner.execute("UPDATE users SET status = 'active' WHERE id = \(user.userID)")
            _ = try authenticate(db, issued.cookie.value, in: partner.id, at: at(2))
            _ = try db.owner.execute("UPDATE partners SET status = 'suspended' WHERE id = \(partner.id)")
            #expect(throws: TenancyError.unauthenticated) { try authenticate(db, issued.cookie.value, in: partner.id, at: at(3)) }
        }
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: customer.id)
            let issued = try db.inPartner(partner.id) {
                try Sessions.create(for: try #require(viewer.userID), in: partner.id, remoteAddress: nil, userAgent: nil,
                                    policy: policy, now: start, on: $0)
            }
            let principal = try authenticate(db, issued.cookie.value, in: partner.id, at: at(1))
            #expect(principal.scope == .customer(customer.id, of: partner.id))
            _ = try db.owner.execute("UPDATE customers SET status = 'suspended' WHERE id = \(customer.id)")
            #expect(throws: TenancyError.unauthenticated) { try authenticate(db, issued.cookie.value, in: partner.id, at: at(2)) }
        }
    }

    @Test func revokingLogsOutAndIsAudited() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, user, issued) = try makeSession(db)
            let caller = Caller(principal: try authenticate(db, issued.cookie.value, in: partner.id, at: at(1)))
            try db.inPartner(partner.id) {
                try Sessions.revoke(issued.session.id, in: partner.id, now: at(2), by: caller, on: $0)
            }
            #expect(throws: TenancyError.unauthenticated) { try authenticate(db, issued.cookie.value, in: partner.id, at: at(3)) }
            #expect(throws: TenancyError.notFound("session")) {
                try db.inPartner(partner.id) { try Sessions.revoke(issued.session.id, in: partner.id, now: at(4), by: caller, on: $0) }
            }
            let audit = try db.owner.query("SELECT actor_email, target_id FROM audit_log WHERE action = 'session.revoke'")
                .single().decode((String, String).self)
            #expect(audit == (user.email, issued.session.id.uuidString.lowercased()))
        }
    }

    @Test func revokingAllEndsEverySessionOfTheUserButTheOneKept() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, user, first) = try makeSession(db)
            let userID = try #require(user.userID)
            let (second, third) = try db.inPartner(partner.id) { connection in
                (try Sessions.create(for: userID, in: partner.id, remoteAddress: nil, userAgent: nil, policy: policy,
                                     now: start, on: connection),
                 try Sessions.create(for: userID, in: partner.id, remoteAddress: nil, userAgent: nil, policy: policy,
                                     now: start, on: connection))
            }
            let other = try db.makeUser(.partnerOperator, partner: partner.id)
            let bystander = try db.inPartner(partner.id) {
                try Sessions.create(for: try #require(other.userID), in: partner.id, remoteAddress: nil, userAgent: nil,
                                    policy: policy, now: start, on: $0)
            }
            let revoked = try db.inPartner(partner.id) {
                try Sessions.revokeAll(of: userID, in: partner.id, keeping: third.session.id, now: at(1), by: db.system, on: $0)
            }
            #expect(revoked == 2)
            for ended in [first, second] {
                #expect(throws: TenancyError.unauthenticated) { try authenticate(db, ended.cookie.value, in: partner.id, at: at(2)) }
            }
            _ = try authenticate(db, third.cookie.value, in: partner.id, at: at(2))
            _ = try authenticate(db, bystander.cookie.value, in: partner.id, at: at(2))
            let live = try db.inPartner(partner.id) { try Sessions.list(of: userID, in: partner.id, now: at(3), on: $0) }
            #expect(live.map(\.id) == [third.session.id])
            #expect(try db.count("SELECT count(*) FROM audit_log WHERE action = 'session.revoke_all'") == 1)
        }
    }

    @Test func pruningDeletesOnlySessionsThatCanNeverBeUsedAgain() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, user, _) = try makeSession(db)  // created at the start, idle since
            let userID = try #require(user.userID)
            let (revoked, fresh) = try db.inPartner(partner.id) { connection in
                (try Sessions.create(for: userID, in: partner.id, remoteAddress: nil, userAgent: nil, policy: policy,
                                     now: at(20 * 60), on: connection),
                 try Sessions.create(for: userID, in: partner.id, remoteAddress: nil, userAgent: nil, policy: policy,
                                     now: at(20 * 60), on: connection))
            }
            let pruned = try db.inPartner(partner.id) { connection in
                try Sessions.revoke(revoked.session.id, in: partner.id, now: at(21 * 60), by: db.system, on: connection)
                return try Sessions.prune(in: partner.id, policy: policy, now: at(31 * 60), on: connection)
            }
            #expect(pruned == 2)
            let left = try db.owner.query("SELECT id FROM sessions").map { try $0.decode(UUID.self, at: 0) }
            #expect(left == [fresh.session.id])
        }
    }
}
