import Commerce
import Dispatch
import Flows
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// The hub followed like a log: changes since a number, oldest first, numbered in commit order.
@Suite struct HubChangesTests {
    @Test func returnsWhatChangedSinceANumberInChangeOrder() throws {
        try HubWorld.with { world in
            _ = try world.engine { connection in
                _ = try Hub.publishItems([.hubItem()], from: world.erp, in: world.production, on: connection)                  // 1
                _ = try Hub.publishPrices([.hubPrice()], from: world.erp, in: world.production, on: connection)                // 2
                _ = try Hub.publishStock([.hubLevel(5, minutesAfterMorning: 0)], from: world.erp, in: world.production, on: connection) // 3
                _ = try Hub.publishOrder(.hubOrder(), reference: "WEB-1", from: world.shop, in: world.production, on: connection) // 4
                _ = try Hub.publishItems([.hubItem(name: "Big mug")], from: world.erp, in: world.production, on: connection)   // 5
                _ = try Hub.publishItems([.hubItem(name: "Big mug")], from: world.erp, in: world.production, on: connection)   // unchanged
            }
            let all = try world.engine { try Hub.changes(since: 0, in: world.production, on: $0) }
            #expect(all.map(\.changeSeq) == [2, 3, 4, 5])
            #expect(all.map(\.record.domain) == [.prices, .stock, .orders, .items])
            #expect(all.map(\.record.key) == ["MUG-1 in EUR", "MUG-1 at ST1", "WEB-1", "MUG-1"])
            #expect(all.last?.record == .item(.hubItem(name: "Big mug")))
            #expect(all[1].record == .stock(.hubLevel(5, minutesAfterMorning: 0)))
            #expect(all[2].source == world.shop)

            let after3 = try world.engine { try Hub.changes(since: 3, in: world.production, on: $0) }
            #expect(after3.map(\.changeSeq) == [4, 5])
            let page = try world.engine { try Hub.changes(since: 0, limit: 2, in: world.production, on: $0) }
            #expect(page.map(\.changeSeq) == [2, 3])
            #expect(try world.engine { try Hub.changes(since: 5, in: world.production, on: $0) }.isEmpty)
        }
    }

    /// A second writer of the same customer environment waits for the first to commit, so no
    /// change number can commit before a smaller one — what lets a follower never skip one.
    @Test func aSecondWriterWaitsSoNumbersCommitInOrder() throws {
        try HubWorld.with { world in
            let secondWriter = Mutex<(pid: Int32?, result: [HubWriteResult]?, error: String?)>((nil, nil, nil))
            let started = DispatchSemaphore(value: 0)
            let finished = DispatchSemaphore(value: 0)
            let first = try world.engine { connection -> [HubWriteResult] in
                let first = try Hub.publishItems([.hubItem("A")], from: world.erp, in: world.production, on: connection)
                let database = world.db.database, erp = world.erp, scope = world.production
                Thread.detachNewThread {
                    do {
                        let result = try database.transaction(.partner(scope.partnerID)) { connection in
                            let pid = try connection.query("SELECT pg_backend_pid()").single().decode(Int32.self, at: 0)
                            secondWriter.withLock { $0.pid = pid }
                            started.signal()
                            return try Hub.publishItems([.hubItem("B")], from: erp, in: scope, on: connection)
                        }
                        secondWriter.withLock { $0.result = result }
                    } catch {
                        secondWriter.withLock { $0.error = "\(error)" }
                        started.signal()
                    }
                    finished.signal()
                }
                #expect(started.wait(timeout: .now() + 30) == .success)
                let pid = try #require(secondWriter.withLock { $0.pid })
                // The signal that the second writer is blocked: PostgreSQL lists its lock as not granted.
                let deadline = Date().addingTimeInterval(30)
                var waiting = false
                while !waiting && Date() < deadline {
                    waiting = try world.db.owner.query("SELECT count(*) FROM pg_locks WHERE pid = \(pid) AND NOT granted")
                        .single().decode(Int.self, at: 0) > 0
                }
                #expect(waiting, "the second writer should wait for the first to commit")
                #expect(secondWriter.withLock { $0.result } == nil)
                return first
            }
            #expect(finished.wait(timeout: .now() + 30) == .success)
            let (second, error) = secondWriter.withLock { ($0.result, $0.error) }
            #expect(error == nil)
            #expect(first.map(\.changeSeq) == [1] && second?.map(\.changeSeq) == [2])
            let log = try world.engine { try Hub.changes(since: 0, in: world.production, on: $0) }
            #expect(log.map(\.record.key) == ["A", "B"])
        }
    }

    @Test func refusesAPageLargerThanItServes() throws {
        try HubWorld.with { world in
            #expect(throws: (any Error).self) {
                try world.engine { try Hub.changes(since: 0, limit: Hub.maximumChangesRead + 1, in: world.production, on: $0) }
            }
        }
    }
}
