import Foundation
import Synchronization

/// Something registered with an event loop that reacts to readiness of its descriptor.
public protocol EventLoopHandler: AnyObject {
    /// Called on the loop's thread with what epoll reported for the handler's descriptor.
    func handle(_ events: IOEvents)
}

/// One epoll loop on one thread. Everything registered with it is touched only from that
/// thread; other threads talk to it through `execute(_:)`, which queues a task and wakes the
/// loop through an eventfd.
///
/// The loop also ticks at a fixed interval so its owner can enforce timeouts (slowloris
/// clients, idle keep-alive connections) without a timer per connection.
public final class EventLoop: @unchecked Sendable {
    // @unchecked: `handlers`, `onTick` and `now` are confined to the loop thread; the task queue
    // is guarded by a Mutex and the wake-up descriptor is thread-safe.

    /// A name for logs and the thread, e.g. `http-loop-0`.
    public let name: String
    private let epoll: Epoll
    private let wakeUp: EventFD
    private var handlers: [(any EventLoopHandler)?] = []
    private let pendingTasks = Mutex<[() -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let tickIntervalNanoseconds: UInt64
    private var nextTick: UInt64 = 0
    private var thread: Thread?
    private let finished = NSCondition()
    private var isFinished = false

    /// Called on the loop thread if the loop itself fails and stops (it never should).
    public var onFatalError: ((any Error) -> Void)?

    /// Called on the loop thread about every tick interval.
    public var onTick: (() -> Void)?

    /// The monotonic time of the current wake-up, so handlers need not read the clock per event.
    public private(set) var now: UInt64 = MonotonicClock.nanoseconds()

    /// Creates a loop; `run()` or `start()` makes it turn.
    public init(name: String, tickInterval: Duration = .milliseconds(250)) throws {
        self.name = name
        self.epoll = try Epoll()
        self.wakeUp = try EventFD()
        self.tickIntervalNanoseconds = tickInterval.nanoseconds
        try epoll.add(wakeUp.descriptor, interest: .readable)
    }

    /// Registers `handler` for `fd`. Loop thread only.
    public func register(_ fd: Int32, interest: IOInterest, handler: any EventLoopHandler) throws {
        try epoll.add(fd, interest: interest)
        let index = Int(fd)
        if index >= handlers.count {
            handlers.append(contentsOf: repeatElement(nil, count: index - handlers.count + 1))
        }
        handlers[index] = handler
    }

    /// Changes what `fd` is watched for. Loop thread only.
    public func modify(_ fd: Int32, interest: IOInterest) throws {
        try epoll.modify(fd, interest: interest)
    }

    /// Forgets `fd`; call before closing it. Loop thread only.
    public func deregister(_ fd: Int32) {
        epoll.remove(fd)
        if Int(fd) < handlers.count { handlers[Int(fd)] = nil }
    }

    /// Runs `task` on the loop thread soon. Safe from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        pendingTasks.withLock { $0.append(task) }
        wakeUp.signal()
    }

    /// Starts the loop on a thread of its own.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 1 << 20
        self.thread = thread
        thread.start()
    }

    /// Asks the loop to return from `run()` after the current turn. Safe from any thread.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        wakeUp.signal()
    }

    /// Blocks until a loop started with `start()` has returned from `run()`.
    public func waitUntilFinished() {
        finished.lock()
        while !isFinished { finished.wait() }
        finished.unlock()
    }

    /// Turns the loop on the calling thread until `stop()`.
    public func run() {
        now = MonotonicClock.nanoseconds()
        nextTick = now + tickIntervalNanoseconds
        while !stopRequested.load(ordering: .acquiring) {
            let timeout = Int32(clamping: (nextTick &- min(now, nextTick)) / 1_000_000 + 1)
            do {
                try epoll.wait(timeoutMilliseconds: timeout) { fd, events in
                    if fd == wakeUp.descriptor {
                        wakeUp.drain()
                    } else if Int(fd) < handlers.count, let handler = handlers[Int(fd)] {
                        handler.handle(events)
                    }
                }
            } catch {
                // epoll_wait only fails on programming errors (EBADF, EINVAL); stop rather than spin.
                onFatalError?(error)
                break
            }
            now = MonotonicClock.nanoseconds()
            runPendingTasks()
            if now >= nextTick {
                nextTick = now + tickIntervalNanoseconds
                onTick?()
            }
        }
        runPendingTasks()
        finished.lock()
        isFinished = true
        finished.broadcast()
        finished.unlock()
    }

    private func runPendingTasks() {
        let tasks = pendingTasks.withLock { tasks -> [() -> Void] in
            if tasks.isEmpty { return [] }
            defer { tasks.removeAll(keepingCapacity: true) }
            return tasks
        }
        for task in tasks { task() }
    }
}
