import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What happened to the names in one local directory, from Linux inotify(7): the kernel queues
/// each event when the change is made, before the SFTP server answers the client, so once an
/// upload has returned every event it caused can be read — no waiting, no timing.
final class DirectoryWatch {
    /// One event: what happened to which name.
    struct Event: Hashable {
        enum Change: Hashable { case created, written, movedIn }
        var change: Change
        var name: String
    }

    private let descriptor: Int32

    init(_ path: String) throws {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        guard inotify_add_watch(descriptor, path, UInt32(IN_CREATE | IN_MODIFY | IN_MOVED_TO)) >= 0 else {
            let code = errno
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Every event queued so far, in order.
    func events() -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            // struct inotify_event: int wd; uint32 mask, cookie, len; char name[len] (NUL-padded).
            while offset + 16 <= count {
                let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
                let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                if mask & UInt32(IN_CREATE) != 0 { events.append(Event(change: .created, name: name)) }
                if mask & UInt32(IN_MODIFY) != 0 { events.append(Event(change: .written, name: name)) }
                if mask & UInt32(IN_MOVED_TO) != 0 { events.append(Event(change: .movedIn, name: name)) }
                offset += 16 + length
            }
        }
        return events
    }
}
