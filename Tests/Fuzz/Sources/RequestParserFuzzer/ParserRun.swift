import HTTP

/// What a parser made of one stream: the requests, the error that ended it, and how many
/// bytes were left waiting for more. Two deliveries of the same bytes must agree on all of it.
struct ParserRun: Equatable {
    struct RequestRecord: Equatable {
        var method: String
        var target: String
        var path: String
        var query: String?
        var version: String
        var headers: [String]
        var body: [UInt8]
        var keepAlive: Bool
    }

    var requests: [RequestRecord] = []
    var failure: HTTPParseError?
    var pendingBytes = 0

    /// Feeds `input` to a fresh parser in chunks of the given sizes, the way a connection does:
    /// unconsumed bytes stay at the front of its buffer and the next read is appended.
    /// Checks the parser's contract on every call and traps when it is broken.
    init(_ input: [UInt8], chunkSizes: [Int], limits: HTTPParserLimits) {
        var parser = RequestParser(limits: limits)
        var buffer: [UInt8] = []
        var start = 0
        var continuesSinceLastRequest = 0
        chunks: for size in chunkSizes where failure == nil {
            buffer += input[start..<(start + size)]
            start += size
            // Every result other than needMoreData moves on, so a parser still answering after
            // this many calls is looping.
            for _ in 0...(buffer.count + 2) {
                let (consumed, result) = buffer.withUnsafeBytes { parser.parse($0) }
                precondition(consumed >= 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count) bytes")
                buffer.removeFirst(consumed)
                switch result {
                case .needMoreData:
                    continue chunks
                case .continueExpected:
                    continuesSinceLastRequest += 1
                    precondition(continuesSinceLastRequest == 1, "100-continue signalled twice for one request")
                case .request(let request):
                    continuesSinceLastRequest = 0
                    Self.checkBody(of: request, limits: limits)
                    requests.append(RequestRecord(
                        method: request.method.description, target: request.target, path: request.path, query: request.query,
                        version: request.version.text, headers: request.headers.map { "\($0.name): \($0.value)" },
                        body: request.body, keepAlive: request.keepAlive))
                case .failed(let error):
                    failure = error
                    // A failed parser stays failed and takes nothing more.
                    let (again, repeated) = buffer.withUnsafeBytes { parser.parse($0) }
                    guard again == 0, case .failed(let same) = repeated, same == error else {
                        preconditionFailure("parser did not stay failed: consumed \(again), \(repeated)")
                    }
                    break chunks
                }
            }
            preconditionFailure("parser made no progress on \(buffer.count) buffered bytes")
        }
        pendingBytes = failure == nil ? buffer.count : 0
    }

    /// The body never exceeds the limit, and a Content-Length body is exactly that long.
    private static func checkBody(of request: Request, limits: HTTPParserLimits) {
        precondition(request.body.count <= limits.maxBodyBytes, "body of \(request.body.count) bytes passed the limit")
        let lengths = request.headers.values(for: "Content-Length")
        if let length = lengths.first {
            precondition(lengths.count == 1, "request with \(lengths.count) Content-Length fields accepted")
            precondition(!request.headers.contains("Transfer-Encoding"), "request with Content-Length and Transfer-Encoding accepted")
            precondition(Int(length) == request.body.count, "Content-Length \(length) but \(request.body.count) body bytes")
        }
    }
}
