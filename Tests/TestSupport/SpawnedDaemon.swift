import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A long-running child (sshd) started with `posix_spawn` and reaped with `waitpid`, its
/// standard error read on a thread of its own.
///
/// Not Foundation's `Process`: on Linux its single monitoring thread may block in `wait4` on a
/// daemon that never exits, and then every other `Process` in the test run waits forever.
final class SpawnedDaemon: @unchecked Sendable {
    let pid: pid_t
    /// sshd's log so far; `logChanged` is broadcast under its lock whenever it grows.
    private var log = ""
    private let logChanged = NSCondition()
    private let readyPattern: String
    private let failurePatterns: [String]
    private let outcome = Mutex<Bool?>(nil)
    private let settled = DispatchSemaphore(value: 0)
    private let readerFinished = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments`; stderr is watched for `ready` or any of `failures`.
    init(_ executable: String, _ arguments: [String], ready: String, failures: [String]) throws {
        readyPattern = ready
        failurePatterns = failures
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])

        // The test runner's threads block signals and posix_spawn passes the mask on (POSIX
        // posix_spawn, "signal mask"): start the child with an empty mask and default
        // dispositions, so that SIGTERM in `stop()` reaches it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaulted = sigset_t()
        sigemptyset(&defaulted)
        sigaddset(&defaulted, SIGTERM)
        sigaddset(&defaulted, SIGINT)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaulted)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        close(pipeEnds[1])
        guard result == 0 else {
            close(pipeEnds[0])
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO)
        }
        pid = child
        let readEnd = pipeEnds[0]
        Thread.detachNewThread { [self] in
            self.readLog(from: readEnd)
            self.readerFinished.signal()
        }
    }

    deinit {
        stop()
    }

    /// Waits until the ready line or a failure appears, the child exits, or `timeout` passes.
    func waitUntilReady(timeout: Duration) -> Bool {
        guard settled.wait(timeout: .now() + .seconds(Int(timeout.components.seconds))) == .success else { return false }
        return outcome.withLock { $0 } ?? false
    }

    /// Everything logged so far (the last 64 KiB).
    var logged: String {
        logChanged.lock()
        defer { logChanged.unlock() }
        return log
    }

    /// Sends SIGTERM, gives the child `grace` to exit, then SIGKILL; always reaps it, so a
    /// test's teardown can never wait on a child that ignores SIGTERM.
    func stop(grace: Duration = .seconds(3)) {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == 0 else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped == -1 && errno != EINTR) { return }
            // Polling is the only portable way to wait on a child with a deadline (no pidfd here).
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    private func readLog(from descriptor: Int32) {
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            logChanged.lock()
            log += String(decoding: buffer[..<count], as: UTF8.self)
            if log.utf8.count > 65_536 { log = String(log.suffix(32_768)) }
            let text = log
            logChanged.broadcast()
            logChanged.unlock()
            if text.contains(readyPattern) { settle(true) }
            if failurePatterns.contains(where: text.contains) { settle(false) }
        }
        // End of the pipe: the child exited (or closed stderr) before saying it was ready.
        settle(false)
    }

    private func settle(_ ready: Bool) {
        let first = outcome.withLock { value -> Bool in
            guard value == nil else { return false }
            value = ready
            return true
        }
        if first { settled.signal() }
    }
}
