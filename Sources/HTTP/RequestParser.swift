/// An incremental, strict HTTP/1.1 request parser (RFC 9112), sans I/O: bytes in, requests
/// out. The connection feeds it whatever it has not consumed yet; the parser says how much it
/// consumed and whether a request is complete.
///
/// It is strict where RFC 9112 allows or requires strictness, because a lenient parser behind
/// a proxy is how request smuggling happens: bare CR and bare LF are refused (§2.2), obs-fold
/// is refused (§5.2), Content-Length together with Transfer-Encoding is refused (§6.1),
/// duplicate or malformed Content-Length is refused (§6.3), and a transfer coding other than a
/// final `chunked` is refused (§6.3, 501 for codings we do not implement).
public struct RequestParser {
    /// What one call to `parse` produced.
    public enum Result {
        /// Nothing complete yet; call again with more bytes.
        case needMoreData
        /// The head asked for `Expect: 100-continue` and its body has not started: the server
        /// should send `100 Continue` (RFC 9110 §10.1.1), then keep feeding the parser.
        case continueExpected
        /// A complete request, body included.
        case request(Request)
        /// The request is malformed; answer `error.status` and close the connection.
        case failed(HTTPParseError)
    }

    private enum State {
        /// Scanning the head: bytes validated so far, where the current line starts, and how
        /// many lines have ended. Offsets are relative to the head's first byte.
        case head(scanned: Int, lineStart: Int, lines: Int)
        case fixedBody(remaining: Int)
        case chunkSizeLine(scanned: Int)
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(scanned: Int, lineStart: Int, lines: Int)
        case failed(HTTPParseError)
    }

    /// The limits this parser enforces.
    public let limits: HTTPParserLimits
    private var state = State.head(scanned: 0, lineStart: 0, lines: 0)
    private var pending: RequestHead?
    private var body: [UInt8] = []
    private var announcedContinue = false

    /// A parser waiting for the first byte of a request.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// True between requests: nothing of the next request has been seen. The server's idle
    /// timeout applies then; once bytes arrive, the header timeout does.
    public var isIdle: Bool {
        if case .head(0, _, _) = state { return true }
        return false
    }

    /// True while a body is being received (the body timeout applies).
    public var isReadingBody: Bool {
        switch state {
        case .fixedBody, .chunkSizeLine, .chunkData, .chunkDataEnd, .trailers: true
        case .head, .failed: false
        }
    }

    /// Parses from the start of `buffer`, the bytes the caller has not yet seen consumed.
    /// Returns how many bytes to drop from the front of the buffer and what came of them.
    public mutating func parse(_ buffer: UnsafeRawBufferPointer) -> (consumed: Int, result: Result) {
        var offset = 0
        while true {
            switch state {
            case .failed(let error):
                return (offset, .failed(error))

            case .head(let scanned, let lineStart, let lines):
                if scanned == 0 {
                    // RFC 9112 §2.2: ignore empty lines received before the request line.
                    while buffer.count - offset >= 2, buffer[offset] == ASCII.cr, buffer[offset + 1] == ASCII.lf {
                        offset += 2
                    }
                    if buffer.count - offset == 1, buffer[offset] == ASCII.cr { return (offset, .needMoreData) }
                }
                let head = UnsafeRawBufferPointer(rebasing: buffer[offset...])
                switch HeadScanner.scan(head, scanned: scanned, lineStart: lineStart, lines: lines, limits: limits) {
                case .incomplete(let scanned, let lineStart, let lines):
                    state = .head(scanned: scanned, lineStart: lineStart, lines: lines)
                    return (offset, .needMoreData)
                case .invalid(let error):
                    return (offset, fail(error))
                case .complete(let length):
                    let headBytes = UnsafeRawBufferPointer(rebasing: head[..<length])
                    switch HeadParser.parse(headBytes, limits: limits) {
                    case .failure(let error):
                        return (offset, fail(error))
                    case .success(let parsed):
                        offset += length
                        if let request = begin(parsed) { return (offset, .request(request)) }
                        if parsed.expectsContinue, offset == buffer.count, !announcedContinue {
                            announcedContinue = true
                            return (offset, .continueExpected)
                        }
                    }
                }

            case .fixedBody(let remaining):
                let available = min(remaining, buffer.count - offset)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + available)]))
                offset += available
                if available == remaining { return (offset, .request(finish())) }
                state = .fixedBody(remaining: remaining - available)
                return (offset, .needMoreData)

            case .chunkSizeLine(let scanned):
                switch ChunkedBody.scanSizeLine(UnsafeRawBufferPointer(rebasing: buffer[offset...]), scanned: scanned,
                                                limits: limits, received: body.count) {
                case .incomplete(let scanned):
                    state = .chunkSizeLine(scanned: scanned)
                    return (offset, .needMoreData)
                case .invalid(let error):
                    return (offset, fail(error))
                case .size(let size, let lineLength):
                    offset += lineLength
                    state = size == 0 ? .trailers(scanned: 0, lineStart: 0, lines: 0) : .chunkData(remaining: size)
                }

            case .chunkData(let remaining):
                let available = min(remaining, buffer.count - offset)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + available)]))
                offset += available
                guard available == remaining else {
                    state = .chunkData(remaining: remaining - available)
                    return (offset, .needMoreData)
                }
                state = .chunkDataEnd

            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF, nothing else.
                guard buffer.count - offset >= 2 else {
                    if buffer.count - offset == 1, buffer[offset] != ASCII.cr {
                        return (offset, fail(.badRequest("chunk data not followed by CRLF")))
                    }
                    return (offset, .needMoreData)
                }
                guard buffer[offset] == ASCII.cr, buffer[offset + 1] == ASCII.lf else {
                    return (offset, fail(.badRequest("chunk data not followed by CRLF")))
                }
                offset += 2
                state = .chunkSizeLine(scanned: 0)

            case .trailers(let scanned, let lineStart, let lines):
                // RFC 9112 §7.1.2: the trailer section has the syntax of a header section; it
                // is validated and then discarded (RFC 9110 §6.5.1: not merged into headers).
                let trailer = UnsafeRawBufferPointer(rebasing: buffer[offset...])
                switch HeadScanner.scan(trailer, scanned: scanned, lineStart: lineStart, lines: lines,
                                        limits: limits, isTrailer: true) {
                case .incomplete(let scanned, let lineStart, let lines):
                    state = .trailers(scanned: scanned, lineStart: lineStart, lines: lines)
                    return (offset, .needMoreData)
                case .invalid(let error):
                    return (offset, fail(error))
                case .complete(let length):
                    if let error = HeadParser.validateTrailerFields(UnsafeRawBufferPointer(rebasing: trailer[..<length])) {
                        return (offset, fail(error))
                    }
                    offset += length
                    return (offset, .request(finish()))
                }
            }
        }
    }

    /// Sets up body reading for a parsed head; returns the request when there is no body.
    private mutating func begin(_ head: RequestHead) -> Request? {
        pending = head
        announcedContinue = false
        switch head.framing {
        case .none, .length(0):
            return finish()
        case .length(let length):
            body.reserveCapacity(length)
            state = .fixedBody(remaining: length)
        case .chunked:
            state = .chunkSizeLine(scanned: 0)
        }
        return nil
    }

    private mutating func finish() -> Request {
        var request = pending!.request
        request.body = body
        body = []
        pending = nil
        state = .head(scanned: 0, lineStart: 0, lines: 0)
        return request
    }

    private mutating func fail(_ error: HTTPParseError) -> Result {
        state = .failed(error)
        return .failed(error)
    }
}
