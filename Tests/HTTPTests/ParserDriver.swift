import HTTP
import Testing

/// What the parser produced, in a form tests can compare: a request reduced to its observable
/// fields, the interim 100-continue signal, or the error that ended the stream.
enum ParseEvent: Equatable, CustomStringConvertible {
    case continueExpected
    case request(RequestSnapshot)
    case failed(HTTPParseError)

    var description: String {
        switch self {
        case .continueExpected: "continueExpected"
        case .request(let request): "request(\(request))"
        case .failed(let error): "failed(\(error))"
        }
    }
}

/// The fields of a `Request` the parser is responsible for (Request itself is not Equatable).
struct RequestSnapshot: Equatable, CustomStringConvertible {
    var method: HTTPMethod
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
    var headers: [HTTPHeaders.Field]
    var body: [UInt8]
    var keepAlive: Bool

    init(_ request: Request) {
        method = request.method
        target = request.target
        path = request.path
        query = request.query
        version = request.version
        headers = Array(request.headers)
        body = request.body
        keepAlive = request.keepAlive
    }

    var description: String {
        "\(method) \(target) \(version.text) keepAlive=\(keepAlive) headers=\(headers.count) body=\(body.count)B"
    }
}

/// Plays the part of a connection: keeps the bytes the parser has not consumed, appends each
/// arriving chunk, and calls `parse` until it needs more data — exactly what `HTTPConnection`
/// does, minus the socket.
struct ParserDriver {
    private(set) var parser: RequestParser
    private(set) var unconsumed: [UInt8] = []
    private(set) var events: [ParseEvent] = []

    init(limits: HTTPParserLimits = HTTPParserLimits()) {
        parser = RequestParser(limits: limits)
    }

    /// True once the stream ended in an error; nothing more is fed after that.
    var hasFailed: Bool {
        if case .failed = events.last { return true }
        return false
    }

    /// Appends `chunk` and parses as far as it goes; returns the events this chunk produced.
    @discardableResult
    mutating func feed(_ chunk: some Collection<UInt8>, sourceLocation: SourceLocation = #_sourceLocation) -> [ParseEvent] {
        guard !hasFailed else { return [] }
        unconsumed.append(contentsOf: chunk)
        var produced: [ParseEvent] = []
        // Every result but needMoreData is a step forward, so a parser that keeps answering
        // without needing bytes is looping; the bound turns that bug into a failure, not a hang.
        for _ in 0...(unconsumed.count + 8) {
            let (consumed, result) = unconsumed.withUnsafeBytes { parser.parse($0) }
            guard consumed >= 0, consumed <= unconsumed.count else {
                Issue.record("parser consumed \(consumed) of \(unconsumed.count) bytes", sourceLocation: sourceLocation)
                return produced
            }
            unconsumed.removeFirst(consumed)
            switch result {
            case .needMoreData:
                events += produced
                return produced
            case .continueExpected:
                produced.append(.continueExpected)
            case .request(let request):
                produced.append(.request(RequestSnapshot(request)))
            case .failed(let error):
                produced.append(.failed(error))
                events += produced
                return produced
            }
        }
        Issue.record("parser made no progress: \(produced)", sourceLocation: sourceLocation)
        events += produced
        return produced
    }
}
