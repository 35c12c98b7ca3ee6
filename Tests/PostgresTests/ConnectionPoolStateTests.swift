@testable import Postgres
import Testing

/// The pool's bookkeeping, driven with plain integers for connections and an explicit clock.
@Suite struct ConnectionPoolStateTests {
    let start = ContinuousClock.now

    @Test func opensUpToTheMaximumThenAsksCallersToWait() {
        var state = ConnectionPoolState<Int>(minimum: 0, maximum: 2, idleTimeout: .seconds(60))
        guard case .open = state.lease(now: start).0 else { Issue.record("expected .open"); return }
        guard case .open = state.lease(now: start).0 else { Issue.record("expected .open"); return }
        guard case .wait = state.lease(now: start).0 else { Issue.record("expected .wait"); return }
        state.opened()
        state.openFailed()
        #expect(state.total == 1 && state.leased == 1 && state.opening == 0)
        guard case .open = state.lease(now: start).0 else { Issue.record("a failed open frees its slot"); return }
    }

    @Test func reusesTheMostRecentlyReturnedConnection() {
        var state = ConnectionPoolState<Int>(minimum: 0, maximum: 3, idleTimeout: .seconds(60))
        for _ in 0..<2 { _ = state.lease(now: start); state.opened() }
        let keptFirst = state.release(1, now: start)
        let keptSecond = state.release(2, now: start + .seconds(1))
        #expect(keptFirst && keptSecond)
        guard case .reuse(let connection) = state.lease(now: start + .seconds(2)).0 else {
            Issue.record("expected .reuse"); return
        }
        #expect(connection == 2)
        #expect(state.leased == 1 && state.idleCount == 1)
    }

    @Test func idleConnectionsAgeOutAboveTheMinimumOnly() {
        var state = ConnectionPoolState<Int>(minimum: 1, maximum: 3, idleTimeout: .seconds(60))
        for _ in 0..<3 { _ = state.lease(now: start); state.opened() }
        for connection in 1...3 { _ = state.release(connection, now: start) }
        let (decision, expired) = state.lease(now: start + .seconds(61))
        #expect(expired == [1, 2])
        guard case .reuse(3) = decision else { Issue.record("the newest survives and is lent"); return }
        #expect(state.total == 1)
    }

    @Test func closingReturnsIdleConnectionsAndRefusesReturns() {
        var state = ConnectionPoolState<Int>(minimum: 0, maximum: 2, idleTimeout: .seconds(60))
        for _ in 0..<2 { _ = state.lease(now: start); state.opened() }
        _ = state.release(1, now: start)
        let idle = state.close()
        let kept = state.release(2, now: start)
        #expect(idle == [1])
        #expect(!kept)
        #expect(state.total == 0)
        guard case .closed = state.lease(now: start).0 else { Issue.record("expected .closed"); return }
    }

    @Test func discardingABrokenConnectionFreesItsSlot() {
        var state = ConnectionPoolState<Int>(minimum: 0, maximum: 1, idleTimeout: .seconds(60))
        _ = state.lease(now: start)
        state.opened()
        state.discardLeased()
        #expect(state.total == 0)
        guard case .open = state.lease(now: start).0 else { Issue.record("expected .open"); return }
    }
}
