@testable import Connectors
import Testing

/// The change window's rules on literal keys (no store): overlap, de-duplication, limits.
@Suite struct WooCommerceChangeWindowTests {
    func key(_ id: Int, _ time: String) -> WooCommerceChangeWindow.Key { .init(id: id, modified: WooCommerceTimestamp(time)!) }

    @Test func returnsARecordSavedInTheSameSecondAfterTheLastReadExactlyOnce() {
        var first = WooCommerceChangeWindow(start: .init(since: nil, seen: []), overlap: 5, limit: 10)
        #expect(first.take(page: [key(1, "2026-11-22T10:00:00"), key(2, "2026-11-22T10:00:00")]) == [0, 1])
        let position = first.next()
        #expect(position.since == WooCommerceTimestamp("2026-11-22T10:00:00"))
        // The next read starts 5 s earlier: 1 and 2 come again and are skipped; 3, saved in the
        // same second after the first read, is new.
        var second = WooCommerceChangeWindow(start: position, overlap: 5, limit: 10)
        #expect(second.modifiedAfter == WooCommerceTimestamp("2026-11-22T09:59:55"))
        #expect(second.take(page: [key(1, "2026-11-22T10:00:00"), key(2, "2026-11-22T10:00:00"), key(3, "2026-11-22T10:00:00")]) == [2])
        // Saved again a second later, 1 is a change of its own.
        var third = WooCommerceChangeWindow(start: second.next(), overlap: 5, limit: 10)
        #expect(third.take(page: [key(2, "2026-11-22T10:00:00"), key(3, "2026-11-22T10:00:00"), key(1, "2026-11-22T10:00:01")]) == [2])
        #expect(third.next().seen.contains(key(1, "2026-11-22T10:00:01")))
    }

    @Test func stopsAtTheLimitWithoutMovingPastWhatItLeftUnread() {
        var window = WooCommerceChangeWindow(start: .init(since: nil, seen: []), overlap: 5, limit: 2)
        #expect(window.take(page: [key(1, "2026-11-22T10:00:00"), key(2, "2026-11-22T10:00:30"), key(3, "2026-11-22T10:00:40")]) == [0, 1])
        #expect(window.stoppedAtLimit)
        #expect(window.next().since == WooCommerceTimestamp("2026-11-22T10:00:30"))
    }

    @Test func movesAtMostTheOverlapPastTheFirstPageItCrossed() {
        // Page 1 was all returned before; while page 2 was fetched a record may have moved,
        // hiding one right after page 1's last record: the next read must start before it.
        let seen = [key(1, "2026-11-22T10:00:00"), key(2, "2026-11-22T10:00:01")]
        var window = WooCommerceChangeWindow(start: .init(since: WooCommerceTimestamp("2026-11-22T10:00:01"), seen: seen), overlap: 5, limit: 10)
        _ = window.take(page: seen)
        #expect(window.take(page: [key(7, "2026-11-22T10:05:00")]) == [0])
        let next = window.next()
        #expect(next.since == WooCommerceTimestamp("2026-11-22T10:00:06"))
        #expect(next.seen.contains(key(7, "2026-11-22T10:05:00")))
    }

    @Test func forgetsKeysOnceTheyFallOutOfTheOverlap() {
        var window = WooCommerceChangeWindow(start: .init(since: nil, seen: []), overlap: 5, limit: 10)
        _ = window.take(page: [key(1, "2026-11-22T10:00:00"), key(2, "2026-11-22T10:00:10")])
        #expect(window.next().seen == [key(2, "2026-11-22T10:00:10")])
    }
}
