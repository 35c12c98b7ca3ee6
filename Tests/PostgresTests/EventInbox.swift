import Foundation

/// Collects values delivered on other threads and lets a test wait for one, with a deadline,
/// on a condition variable: no sleeping and hoping.
final class EventInbox<Event: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [Event] = []

    func append(_ event: Event) {
        condition.lock()
        events.append(event)
        condition.broadcast()
        condition.unlock()
    }

    /// Everything received so far.
    var received: [Event] {
        condition.lock()
        defer { condition.unlock() }
        return events
    }

    /// Waits until an event matching `predicate` has arrived (returning it) or `timeout` passes
    /// (returning nil). Generous timeouts keep the test independent of the machine's speed.
    func waitFor(timeout: Duration = .seconds(30), _ predicate: (Event) -> Bool) -> Event? {
        var match: Event?
        _ = waitUntil(timeout: timeout) { events in
            match = events.first(where: predicate)
            return match != nil
        }
        return match
    }

    /// Waits until `predicate` holds for everything received so far; false on timeout.
    /// The predicate runs under the inbox's lock: it must not call back into the inbox.
    func waitUntil(timeout: Duration = .seconds(30), _ predicate: ([Event]) -> Bool) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if predicate(events) { return true }
            guard condition.wait(until: deadline) else { return predicate(events) }
        }
    }
}
