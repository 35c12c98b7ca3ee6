import Foundation
@testable import Jobs
import Testing

@Suite struct JobTransitionTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)
    let policy = RetryPolicy(initialDelay: .seconds(10), multiplier: 2, maximumDelay: .seconds(600), jitter: 0.2)

    @Test func backOffDoublesPerAttemptWithinTheJitterAndStopsAtTheCap() {
        #expect(policy.delay(afterAttempt: 1, random: 0.5) == .seconds(10))
        #expect(policy.delay(afterAttempt: 3, random: 0.5) == .seconds(40))
        #expect(policy.delay(afterAttempt: 3, random: 0) == .seconds(32))
        #expect(policy.delay(afterAttempt: 3, random: 0.999_999) == .milliseconds(48_000))
        #expect(policy.delay(afterAttempt: 20, random: 0.5) == .seconds(600))
    }

    @Test func aTransientFailureRetriesAfterTheBackOffWithTheFixedJitter() {
        let transition = JobTransition.after(.retry(reason: "timeout"), attempt: 2, maxAttempts: 5, now: now, policy: policy, random: 0.75)
        #expect(transition.state == .retrying)
        // 10 s × 2 = 20 s, +10 % for random 0.75 with ±20 % jitter.
        #expect(transition.runAt == now.addingTimeInterval(22))
        #expect(transition.countsAttempt)
        #expect(transition.error?.errorClass == .transient)
    }

    @Test func anUpstreamRetryAfterReplacesTheBackOff() {
        let transition = JobTransition.after(.retry(reason: "503", after: .seconds(120)), attempt: 1, maxAttempts: 5, now: now,
                                             policy: policy, random: 0.5)
        #expect(transition.runAt == now.addingTimeInterval(120))
    }

    @Test func theLastAttemptsFailureIsDeadAndSaysSo() {
        let transition = JobTransition.after(.retry(reason: "timeout"), attempt: 5, maxAttempts: 5, now: now, policy: policy, random: 0.5)
        #expect(transition.state == .dead)
        #expect(transition.finishedAt == now)
        #expect(transition.error?.message.contains("attempt 5 of 5") == true)
    }

    @Test func aRateLimitThrottlesTheLimitKeyWithoutCountingTheAttempt() {
        let transition = JobTransition.after(.rateLimited(retryAfter: .seconds(30)), attempt: 5, maxAttempts: 5, now: now,
                                             policy: policy, random: 0.5)
        #expect(transition.state == .available)
        #expect(!transition.countsAttempt)
        #expect(transition.runAt == now.addingTimeInterval(30))
        #expect(transition.limitKeyNotBefore == now.addingTimeInterval(30))
    }

    @Test func businessOutcomesAreTheHandlersChoice() {
        let dead = JobTransition.after(.dead(.business, reason: "unknown SKU X-1"), attempt: 1, maxAttempts: 5, now: now,
                                       policy: policy, random: 0.5)
        #expect(dead.state == .dead && dead.error?.errorClass == .business)
        let accepted = JobTransition.after(.completedWithException(reason: "skipped: unknown SKU"), attempt: 1, maxAttempts: 5,
                                           now: now, policy: policy, random: 0.5)
        #expect(accepted.state == .completed && accepted.completedWithException)
    }

    @Test func thrownErrorsKeepTheirClassAndOthersAreTransient() {
        #expect(JobFailure.outcome(for: JobFailure(.permanent, "401 from the shop")) == .dead(.permanent, reason: "401 from the shop"))
        #expect(JobFailure.outcome(for: JobFailure(.transient, "429", retryAfter: .seconds(5))) == .retry(reason: "429", after: .seconds(5)))
        struct Boom: Error {}
        #expect(JobFailure.outcome(for: Boom()) == .retry(reason: "Boom()"))
    }

    @Test func aTokenBucketRefillsAtItsRateUpToItsBurstAndHonoursNotBefore() {
        var bucket = TokenBucket(maxRunning: 3, ratePerSecond: 2, burst: 4, tokens: 0, refilledAt: now, notBefore: nil)
        #expect(bucket.allowance(running: 0, now: now) == 0)
        #expect(bucket.allowance(running: 0, now: now.addingTimeInterval(1.5)) == 3)
        #expect(bucket.allowance(running: 2, now: now.addingTimeInterval(1.5)) == 1)
        #expect(bucket.allowance(running: 0, now: now.addingTimeInterval(100)) == 3)
        bucket.take(3)
        #expect(bucket.allowance(running: 0, now: now.addingTimeInterval(100)) == 1)
        bucket.notBefore = now.addingTimeInterval(200)
        #expect(bucket.allowance(running: 0, now: now.addingTimeInterval(199)) == 0)
    }

    @Test func aClaimPlanServesEveryKeyOnceBeforeAnyKeyTwiceAndRespectsLimits() {
        func candidate(_ id: Int64, _ key: String, _ limit: String? = nil) -> ClaimPlan.Candidate {
            ClaimPlan.Candidate(lease: JobLease(partnerID: UUID(), id: id, attempt: 0), fairnessKey: key, limitKey: limit)
        }
        let candidates = [candidate(1, "a"), candidate(2, "a"), candidate(3, "a"), candidate(4, "b"), candidate(5, "c", "x"),
                          candidate(6, "c", "x"), candidate(7, "c")]
        let plan = ClaimPlan(candidates: candidates, allowances: ["x": 1], limit: 5)
        #expect(plan.chosen.map(\.lease.id) == [1, 4, 5, 2, 7])
        #expect(plan.servedKeys == ["a", "b", "c"])
        #expect(plan.startedPerLimitKey == ["x": 1])
    }
}
