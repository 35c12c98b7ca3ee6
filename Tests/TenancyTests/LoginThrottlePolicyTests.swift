import Foundation
import Testing
@testable import Tenancy
import TestSupport

@Suite struct LoginThrottlePolicyTests {
    let policy = LoginThrottlePolicy(accountFailureLimit: 3, addressFailureLimit: 5, window: .seconds(900), lockout: .seconds(600))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func allowsAttemptsBelowBothLimits() {
        let decision = policy.decide(account: RecentFailures(count: 2, latest: now), address: RecentFailures(count: 4, latest: now),
                                     now: now)
        #expect(decision == .allowed)
    }

    @Test func throttlesAnAccountAtItsLimitUntilTheLockoutAfterTheLatestFailureEnds() {
        let latest = now.addingTimeInterval(-100)
        let decision = policy.decide(account: RecentFailures(count: 3, latest: latest), address: .none, now: now)
        #expect(decision == .throttled(retryAfter: .seconds(500)))
    }

    @Test func throttlesAnAddressAtItsLimit() {
        let decision = policy.decide(account: .none, address: RecentFailures(count: 5, latest: now), now: now)
        #expect(decision == .throttled(retryAfter: .seconds(600)))
    }

    @Test func theLongerOfTwoLockoutsDecidesTheWait() {
        let decision = policy.decide(account: RecentFailures(count: 3, latest: now.addingTimeInterval(-300)),
                                     address: RecentFailures(count: 9, latest: now.addingTimeInterval(-60)), now: now)
        #expect(decision == .throttled(retryAfter: .seconds(540)))
    }

    @Test func letsAnAttemptThroughOnceTheLockoutHasPassed() {
        let decision = policy.decide(account: RecentFailures(count: 7, latest: now.addingTimeInterval(-600)), address: .none,
                                     now: now)
        #expect(decision == .allowed)
    }

    @Test func validationNamesEverySettingOutOfRange() {
        let bad = LoginThrottlePolicy(accountFailureLimit: 0, addressFailureLimit: 20, window: .seconds(60), lockout: .seconds(120))
        #expect(throws: TenancyError.invalid([
            FieldProblem(field: "account_failure_limit", message: "must be 1–100"),
            FieldProblem(field: "lockout", message: "must be longer than zero and at most the window"),
        ])) { try bad.validate() }
        #expect(throws: Never.self) { try LoginThrottlePolicy().validate() }
    }
}
