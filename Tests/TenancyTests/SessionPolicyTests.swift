import Crypto
import Foundation
import Testing
@testable import Tenancy
import TestSupport

@Suite struct SessionPolicyTests {
    let policy = SessionPolicy()
    let created = Date(timeIntervalSince1970: 1_800_000_000)
    var expires: Date { created.addingTimeInterval(12 * 3600) }

    func standing(lastSeen: TimeInterval, now: TimeInterval, revoked: Bool = false,
                  policy: SessionPolicy? = nil) -> SessionStanding {
        (policy ?? self.policy).standing(createdAt: created, lastSeenAt: created.addingTimeInterval(lastSeen),
                                         expiresAt: expires, revokedAt: revoked ? created : nil,
                                         now: created.addingTimeInterval(now))
    }

    @Test func aSessionSeenWithinTheLastMinuteIsActiveWithoutAWrite() {
        #expect(standing(lastSeen: 0, now: 59) == .active(touchLastSeen: false))
    }

    @Test func aSessionSeenAMinuteAgoOrMoreIsActiveAndDueForAWrite() {
        #expect(standing(lastSeen: 0, now: 60) == .active(touchLastSeen: true))
    }

    @Test func aSessionUnusedForTheIdleTimeoutHasExpired() {
        #expect(standing(lastSeen: 0, now: 30 * 60 - 1) == .active(touchLastSeen: true))
        #expect(standing(lastSeen: 0, now: 30 * 60) == .idleExpired)
    }

    @Test func aBusySessionEndsAtItsAbsoluteLifetime() {
        #expect(standing(lastSeen: 12 * 3600 - 10, now: 12 * 3600) == .absolutelyExpired)
    }

    @Test func shorteningTheLifetimeEndsExistingSessionsEarlier() {
        let shorter = SessionPolicy(absoluteLifetime: .seconds(3600))
        #expect(standing(lastSeen: 3590, now: 3600, policy: shorter) == .absolutelyExpired)
    }

    @Test func aRevokedSessionIsRevokedWhateverItsTimes() {
        #expect(standing(lastSeen: 0, now: 1, revoked: true) == .revoked)
    }

    @Test func validationNamesEverySettingOutOfRange() {
        let bad = SessionPolicy(idleTimeout: .seconds(600), absoluteLifetime: .seconds(300), lastSeenWriteInterval: .seconds(600))
        #expect(throws: TenancyError.invalid([
            FieldProblem(field: "absolute_lifetime", message: "must be at least the idle timeout"),
            FieldProblem(field: "last_seen_write_interval", message: "must be zero or more and shorter than the idle timeout"),
        ])) { try bad.validate() }
        #expect(throws: Never.self) { try SessionPolicy().validate() }
    }

    @Test func aCookieMustBeBase64URLOfThirtyTwoBytes() {
        #expect(SessionCookie(value: "") == nil)
        #expect(SessionCookie(value: "not a cookie!") == nil)
        #expect(SessionCookie(value: Base64URL.encode([UInt8](repeating: 7, count: 16))) == nil)
        #expect(SessionCookie(value: Base64URL.encode([UInt8](repeating: 7, count: 32))) != nil)
    }

    @Test func theCSRFSecretIsTheDocumentedHMACOfTheCookieAndDiffersPerSession() throws {
        let bytes = [UInt8](repeating: 42, count: 32)
        let cookie = try #require(SessionCookie(value: Base64URL.encode(bytes)))
        #expect(cookie.csrfSecret == HMAC.sha256(key: bytes, message: Array("counterpart.session.csrf".utf8)))
        #expect(cookie.csrfSecret.count == 32)
        #expect(SessionCookie.generate().csrfSecret != SessionCookie.generate().csrfSecret)
        #expect(cookie.tokenHash == SHA256.hash(bytes))
    }

    @Test func passwordPolicyExplainsEachRefusal() {
        let rules = PasswordPolicy()
        #expect(rules.problem("short", email: "a@example.com") == FieldProblem(field: "password", message: "must be at least 12 characters"))
        #expect(rules.problem(String(repeating: "x", count: 257), email: "a@example.com")
                == FieldProblem(field: "password", message: "must be at most 256 characters"))
        #expect(rules.problem("Someone@Example.com", email: "someone@example.com")
                == FieldProblem(field: "password", message: "must not be your e-mail address"))
        #expect(rules.problem("correct horse battery", email: "a@example.com") == nil)
        // Code points, not bytes: twelve accented letters are twelve characters.
        #expect(rules.problem(String(repeating: "é", count: 12), email: "a@example.com") == nil)
    }

    @Test func aCookieNeverPrintsItsSecret() {
        let cookie = SessionCookie.generate()
        var dumped = ""
        dump(cookie, to: &dumped)
        for rendering in ["\(cookie)", String(reflecting: cookie), dumped] {
            #expect(!rendering.contains(cookie.value))
        }
    }
}
