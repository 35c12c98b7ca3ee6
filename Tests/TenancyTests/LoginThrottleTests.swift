import Foundation
import Postgres
import Synchronization
import Testing
@testable import Tenancy
import TestSupport

@Suite struct LoginThrottleTests {
    let password = "correct horse battery staple"
    let start = TenantTestDatabase.start
    let policy = LoginThrottlePolicy(accountFailureLimit: 3, addressFailureLimit: 4, window: .seconds(900), lockout: .seconds(600))

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    @Test func anAccountIsLockedAfterItsLimitEvenForTheRightPasswordUntilTheLockoutPasses() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword(password, for: user)
            let login = db.passwordLogin(throttle: policy)
            for (second, address) in [(0.0, "192.0.2.1"), (10, "192.0.2.2"), (20, "192.0.2.3")] {
                #expect(throws: TenancyError.unauthenticated) {
                    try login.logIn(email: user.email, password: "guess \(second)", partnerID: partner.id, remoteAddress: address,
                                    userAgent: nil, now: at(second))
                }
            }
            #expect(throws: LoginThrottledError(retryAfter: .seconds(580))) {
                try login.logIn(email: user.email, password: password, partnerID: partner.id, remoteAddress: "198.51.100.9",
                                userAgent: nil, now: at(40))
            }
            // Throttled attempts checked no password and are not counted.
            #expect(try db.count("SELECT count(*) FROM login_attempts") == 3)
            let loggedIn = try login.logIn(email: user.email, password: password, partnerID: partner.id,
                                           remoteAddress: "198.51.100.9", userAgent: nil, now: at(620))
            #expect(loggedIn.principal.userID == user.userID)
        }
    }

    @Test func anUnknownEmailIsThrottledLikeAKnownOne() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let login = db.passwordLogin(throttle: policy)
            for second in [0.0, 1, 2] {
                #expect(throws: TenancyError.unauthenticated) {
                    try login.logIn(email: "ghost@example.com", password: password, partnerID: partner.id,
                                    remoteAddress: "192.0.2.\(Int(second))", userAgent: nil, now: at(second))
                }
            }
            #expect(throws: LoginThrottledError(retryAfter: .seconds(598))) {
                try login.logIn(email: "ghost@example.com", password: password, partnerID: partner.id,
                                remoteAddress: "192.0.2.99", userAgent: nil, now: at(4))
            }
        }
    }

    @Test func oneAddressTryingManyAccountsIsThrottledWhileOthersAreNot() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword(password, for: user)
            let login = db.passwordLogin(throttle: policy)
            for index in 0..<4 {
                #expect(throws: TenancyError.unauthenticated) {
                    try login.logIn(email: "victim\(index)@example.com", password: password, partnerID: partner.id,
                                    remoteAddress: "203.0.113.5", userAgent: nil, now: at(Double(index)))
                }
            }
            #expect(throws: LoginThrottledError(retryAfter: .seconds(597))) {
                try login.logIn(email: user.email, password: password, partnerID: partner.id, remoteAddress: "203.0.113.5",
                                userAgent: nil, now: at(6))
            }
            let loggedIn = try login.logIn(email: user.email, password: password, partnerID: partner.id,
                                           remoteAddress: "192.0.2.1", userAgent: nil, now: at(6))
            #expect(loggedIn.principal.userID == user.userID)
        }
    }

    @Test func aSuccessClearsTheAccountsCountButNotTheAddresss() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword(password, for: user)
            let login = db.passwordLogin(throttle: policy)
            for second in [0.0, 1] {
                #expect(throws: TenancyError.unauthenticated) {
                    try login.logIn(email: user.email, password: "wrong", partnerID: partner.id, remoteAddress: "192.0.2.1",
                                    userAgent: nil, now: at(second))
                }
            }
            _ = try login.logIn(email: user.email, password: password, partnerID: partner.id, remoteAddress: "192.0.2.1",
                                userAgent: nil, now: at(2))
            let decision = try db.inPartner(partner.id) {
                (try LoginThrottle.check(email: user.email, remoteAddress: "192.0.2.50", in: partner.id, policy: policy,
                                         now: at(3), on: $0),
                 try LoginThrottle.check(email: "other@example.com", remoteAddress: "192.0.2.1", in: partner.id,
                                         policy: LoginThrottlePolicy(addressFailureLimit: 2), now: at(3), on: $0))
            }
            #expect(decision.0 == .allowed)
            #expect(decision.1 == .throttled(retryAfter: .seconds(15 * 60 - 2)))
        }
    }

    @Test func attemptsOlderThanTheWindowArePruned() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            try db.inPartner(partner.id) { connection in
                try LoginThrottle.record(email: "a@example.com", remoteAddress: "192.0.2.1", succeeded: false, in: partner.id,
                                         policy: policy, now: at(0), on: connection)
                try LoginThrottle.record(email: "b@example.com", remoteAddress: "192.0.2.2", succeeded: false, in: partner.id,
                                         policy: policy, now: at(0), on: connection)
                try LoginThrottle.record(email: "a@example.com", remoteAddress: "192.0.2.3", succeeded: false, in: partner.id,
                                         policy: policy, now: at(901), on: connection)
            }
            // Writing for a@ dropped a@'s old row; the sweep drops b@'s.
            #expect(try db.count("SELECT count(*) FROM login_attempts") == 2)
            let swept = try db.inPartner(partner.id) {
                try LoginThrottle.prune(in: partner.id, policy: policy, now: at(901), on: $0)
            }
            #expect(swept == 1)
            #expect(try db.count("SELECT count(*) FROM login_attempts") == 1)
        }
    }

    @Test func parallelGuessesCannotGetPastTheLimitTogether() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let user = try db.makeUser(.partnerAdmin, partner: partner.id)
            try db.setPassword(password, for: user)
            let login = db.passwordLogin(throttle: LoginThrottlePolicy(accountFailureLimit: 2))
            let outcomes = Mutex<[String]>([])
            // As many guesses as the pool has connections, all at the same instant.
            DispatchQueue.concurrentPerform(iterations: 4) { index in
                let outcome: String
                do {
                    _ = try login.logIn(email: user.email, password: "guess \(index)", partnerID: partner.id,
                                        remoteAddress: "192.0.2.\(index)", userAgent: nil, now: start)
                    outcome = "logged in"
                } catch let error as LoginThrottledError {
                    outcome = "throttled \(error.retryAfter)"
                } catch {
                    outcome = "\(error)"
                }
                outcomes.withLock { $0.append(outcome) }
            }
            #expect(outcomes.withLock { $0.sorted() } == [
                "not authenticated", "not authenticated", "throttled 900.0 seconds", "throttled 900.0 seconds",
            ])
        }
    }
}
