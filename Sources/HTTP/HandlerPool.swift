import Foundation

/// A fixed set of threads that run blocking handlers, fed by a bounded queue. When the queue
/// is full `submit` refuses at once, and the server answers 503 with `Retry-After` instead of
/// letting work pile up without bound (DESIGN.md: the HTTP server).
final class HandlerPool: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [(@Sendable () -> Void)?]
    private var head = 0
    private var count = 0
    private var running = 0
    private var stopping = false
    private var threads: [Thread] = []
    private let exited = DispatchGroup()

    /// Starts `threadCount` threads with room for `queueCapacity` waiting tasks.
    init(threadCount: Int, queueCapacity: Int, name: String) {
        queue = Array(repeating: nil, count: max(1, queueCapacity))
        for index in 0..<threadCount {
            exited.enter()
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 1 << 20
            threads.append(thread)
            thread.start()
        }
    }

    /// Queues `task`; false when the queue is full or the pool is stopping.
    func submit(_ task: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping, count < queue.count else { return false }
        queue[(head + count) % queue.count] = task
        count += 1
        condition.signal()
        return true
    }

    /// Tasks waiting plus tasks running.
    var load: Int {
        condition.lock()
        defer { condition.unlock() }
        return count + running
    }

    /// Lets queued tasks finish, then stops the threads and waits for them.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        exited.wait()
    }

    private func work() {
        defer { exited.leave() }
        while true {
            condition.lock()
            while count == 0 && !stopping { condition.wait() }
            if count == 0 && stopping {
                condition.unlock()
                return
            }
            let task = queue[head]!
            queue[head] = nil
            head = (head + 1) % queue.count
            count -= 1
            running += 1
            condition.unlock()
            task()
            condition.lock()
            running -= 1
            condition.unlock()
        }
    }
}
