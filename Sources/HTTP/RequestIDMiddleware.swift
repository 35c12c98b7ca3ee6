import Synchronization

/// Gives every request an id, echoed as `X-Request-Id` and carried into every log line, so an
/// operator can follow one request from the access log to the handler's errors. A valid id
/// from a trusted front proxy is kept; anything else is replaced.
public struct RequestIDMiddleware: Middleware {
    /// The header read and written.
    public static let headerName = "X-Request-Id"

    public init() {}

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        var request = request
        if let incoming = request.headers[Self.headerName], Self.isAcceptable(incoming) {
            request.requestID = incoming
        } else {
            request.requestID = Self.generate()
        }
        request.logContext = RequestLogContext()
        var response = try next(request)
        if response.headers.contains(Self.headerName) {
            response.headers.set(Self.headerName, request.requestID)
        } else {
            response.headers.add(Self.headerName, request.requestID)
        }
        return response
    }

    /// 1–64 characters of `[A-Za-z0-9._-]`: enough for UUIDs and proxy ids, nothing that could
    /// break a log line or a header.
    static func isAcceptable(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                true
            default:
                false
            }
        }
    }

    /// A random per-process prefix and a counter, as 20 hex digits: unique across nodes and
    /// restarts for log correlation, and free of the `getrandom` system call a random id per
    /// request would cost. Request ids are not secrets.
    static func generate() -> String {
        let sequence = UInt64(bitPattern: Int64(counter.wrappingAdd(1, ordering: .relaxed).newValue))
        let prefix = processPrefix
        return String(unsafeUninitializedCapacity: 20) { buffer in
            let alphabet: StaticString = "0123456789abcdef"
            for index in 0..<20 {
                let nibble = index < 8 ? (prefix >> (4 * UInt64(7 - index))) & 0xF : (sequence >> (4 * UInt64(19 - index))) & 0xF
                buffer[index] = alphabet.utf8Start[Int(nibble)]
            }
            return 20
        }
    }

    private static let processPrefix = UInt64.random(in: 0..<(1 << 32))
    private static let counter = Atomic<Int>(0)
}
