import Synchronization

/// Idle easy handles kept for reuse, most recently used first.
///
/// Each handle carries its own cache of kept-alive connections, so handing out the handle that
/// finished last gives the next request to the same host a warm connection. A caller never
/// waits here: when no handle is idle a new one is made, and when more than `capacity` handles
/// come back the surplus is cleaned up (closing its connections), so the pool bounds what is
/// kept, not how many requests run at once.
final class HandlePool: Sendable {
    private let idle: Mutex<[EasyHandle]>
    /// The most idle handles kept.
    let capacity: Int

    /// Creates an empty pool that keeps at most `capacity` idle handles.
    init(capacity: Int) {
        self.capacity = capacity
        idle = Mutex([])
    }

    /// Hands out an idle handle, or a new one when none is idle. The caller has it to itself
    /// until ``checkIn(_:)``.
    ///
    /// - Throws: ``HTTPClientError`` when libcurl cannot make a handle.
    func checkOut() throws -> EasyHandle {
        if let handle = idle.withLock({ $0.popLast() }) {
            return handle
        }
        return try EasyHandle()
    }

    /// Takes a handle back after its transfer, resetting its options but not its connections.
    func checkIn(_ handle: EasyHandle) {
        handle.reset()
        let surplus: EasyHandle? = idle.withLock { handles in
            guard handles.count < capacity else { return handle }
            handles.append(handle)
            return nil
        }
        // A surplus handle is released here, outside the lock: its deinit closes connections.
        _ = surplus
    }

    /// The number of idle handles (for tests).
    var idleCount: Int {
        idle.withLock { $0.count }
    }
}
