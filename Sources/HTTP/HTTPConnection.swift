import Sockets

/// One client connection: reads bytes, feeds the parser, runs or dispatches each request in
/// order, and writes responses in order (pipelining), then keeps the connection for the next
/// request or closes it.
///
/// Confined to its event loop's thread. The handler pool reaches it only through
/// `EventLoop.execute`, which is why it may be captured by a `@Sendable` closure.
final class HTTPConnection: EventLoopHandler, @unchecked Sendable {
    private enum Phase {
        /// Reading and parsing requests.
        case reading
        /// A request is on the handler pool; reading pauses so responses stay in order.
        case awaitingHandler
        /// Our side is shut down after a final response; unread input is drained for a
        /// moment so the kernel does not reset the connection before the client reads it.
        case lingering(since: UInt64)
        case closed
    }

    private let socket: ConnectedSocket
    private unowned let owner: ServerLoop
    private let descriptor: Int32
    private let remoteAddress: String?
    private var parser: RequestParser
    private var phase = Phase.reading
    private var inbound: [UInt8] = []
    private var inboundStart = 0
    private var outbound: [UInt8] = []
    private var outboundStart = 0
    private var closeAfterFlush = false
    private var interest: IOInterest = .readable
    private var lastActivity: UInt64
    private var headStartedAt: UInt64?
    private var writeStalledSince: UInt64?

    /// Stop parsing pipelined requests while this much output is waiting for the client.
    private static let outboundHighWater = 256 * 1024
    /// How long a lingering close waits for the client to stop sending.
    private static let lingerNanoseconds: UInt64 = 2_000_000_000

    init(socket: ConnectedSocket, owner: ServerLoop) {
        self.socket = socket
        self.owner = owner
        self.descriptor = socket.descriptor
        self.remoteAddress = socket.peer?.description
        self.parser = RequestParser(limits: owner.shared.configuration.limits)
        self.lastActivity = owner.loop.now
    }

    // MARK: Events

    func handle(_ events: IOEvents) {
        if events.isWritable { flush() }
        if events.isReadable || events.isHangUp || events.isPeerClosed {
            switch phase {
            case .reading: readAndProcess()
            case .lingering: discardInput()
            case .awaitingHandler, .closed: if events.isHangUp { close() }
            }
        }
    }

    private func readAndProcess() {
        switch socket.read(into: owner.readBuffer) {
        case .bytes(let count):
            lastActivity = owner.loop.now
            inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: owner.readBuffer[..<count]))
            processInbound()
            flush()
        case .wouldBlock:
            return
        case .endOfStream, .failed:
            // The client went away (perhaps mid-body); whatever it half-sent is dropped.
            close()
        }
    }

    /// Parses and answers as many buffered requests as order and back-pressure allow.
    private func processInbound() {
        while case .reading = phase, !closeAfterFlush, outbound.count - outboundStart < Self.outboundHighWater {
            let (consumed, result) = inbound.withUnsafeBytes { bytes in
                parser.parse(UnsafeRawBufferPointer(rebasing: bytes[inboundStart...]))
            }
            inboundStart += consumed
            switch result {
            case .needMoreData:
                compactInbound()
                if parser.isIdle && inboundStart == inbound.count {
                    headStartedAt = nil
                } else if headStartedAt == nil {
                    headStartedAt = owner.loop.now
                }
                return
            case .continueExpected:
                outbound.append(contentsOf: ResponseWriter.continueLine)
            case .failed(let error):
                owner.shared.logger.debug("rejected request", metadata: ["reason": "\(error.reason)", "remote": "\(remoteAddress ?? "-")"])
                enqueue(HTTPError(error.status, error.reason).response, version: .http1_1, omitBody: false, keepAlive: false)
            case .request(var request):
                headStartedAt = nil
                request.remoteAddress = remoteAddress
                dispatch(request)
            }
        }
        compactInbound()
    }

    private func dispatch(_ request: Request) {
        var request = request
        let router = owner.shared.router
        let route = router.resolve(&request)
        let version = request.version
        let omitBody = request.method == .head
        let keepAlive = request.keepAlive && !owner.isDraining
        if route.execution == .eventLoop {
            enqueue(router.respond(to: request, with: route), version: version, omitBody: omitBody, keepAlive: keepAlive)
            return
        }
        phase = .awaitingHandler
        setInterest([])
        let loop = owner.loop
        let accepted = owner.shared.pool.submit { [request] in
            let response = router.respond(to: request, with: route)
            loop.execute { self.handlerFinished(response, version: version, omitBody: omitBody, keepAlive: keepAlive) }
        }
        if !accepted {
            phase = .reading
            setInterest(.readable)
            let busy = HTTPError(.serviceUnavailable, "server busy, retry shortly",
                                 headers: ["Retry-After": "\(owner.shared.configuration.retryAfterSeconds)"])
            enqueue(busy.response, version: version, omitBody: omitBody, keepAlive: keepAlive)
        }
    }

    private func handlerFinished(_ response: Response, version: HTTPVersion, omitBody: Bool, keepAlive: Bool) {
        guard case .awaitingHandler = phase else { return }  // closed meanwhile
        phase = .reading
        lastActivity = owner.loop.now
        enqueue(response, version: version, omitBody: omitBody, keepAlive: keepAlive && !owner.isDraining)
        if !closeAfterFlush { setInterest(.readable) }
        processInbound()
        flush()
    }

    private func enqueue(_ response: Response, version: HTTPVersion, omitBody: Bool, keepAlive: Bool) {
        ResponseWriter.append(response, to: &outbound, version: version, omitBody: omitBody,
                              keepAlive: keepAlive, dateLine: owner.dateLine)
        if !keepAlive { closeAfterFlush = true }
    }

    // MARK: Writing

    private func flush() {
        while outboundStart < outbound.count {
            let result = outbound.withUnsafeBytes { socket.write(UnsafeRawBufferPointer(rebasing: $0[outboundStart...])) }
            switch result {
            case .written(let count):
                outboundStart += count
                writeStalledSince = nil
            case .wouldBlock:
                if writeStalledSince == nil { writeStalledSince = owner.loop.now }
                setInterest(interest.union(.writable))
                return
            case .failed:
                close()
                return
            }
        }
        if outbound.capacity > 64 * 1024 { outbound = [] } else { outbound.removeAll(keepingCapacity: true) }
        outboundStart = 0
        writeStalledSince = nil
        if interest.contains(.writable) { setInterest(interest.subtracting(.writable)) }
        if closeAfterFlush {
            beginLingeringClose()
        } else if case .reading = phase, inboundStart < inbound.count {
            // Back-pressure had paused pipelined requests; carry on with them.
            processInbound()
            if outboundStart < outbound.count { flush() }
        }
    }

    private func compactInbound() {
        if inboundStart == inbound.count {
            if inbound.capacity > 16 * 1024 { inbound = [] } else { inbound.removeAll(keepingCapacity: true) }
            inboundStart = 0
        } else if inboundStart > 0 {
            inbound.removeFirst(inboundStart)
            inboundStart = 0
        }
    }

    // MARK: Closing

    /// Half-closes and drains input briefly (lingering close), so a client still sending a
    /// body it was refused reads our final response instead of a reset.
    private func beginLingeringClose() {
        guard case .closed = phase else {
            socket.shutdownWrite()
            phase = .lingering(since: owner.loop.now)
            inbound = []
            inboundStart = 0
            setInterest(.readable)
            return
        }
    }

    private func discardInput() {
        while true {
            switch socket.read(into: owner.readBuffer) {
            case .bytes: continue
            case .wouldBlock: return
            case .endOfStream, .failed: close(); return
            }
        }
    }

    /// Closes the socket now and forgets the connection.
    func close() {
        if case .closed = phase { return }
        phase = .closed
        owner.loop.deregister(descriptor)
        socket.close()
        inbound = []
        outbound = []
        owner.connectionClosed(descriptor)
    }

    /// Graceful shutdown: idle connections close now; a request in progress completes and
    /// its response carries `Connection: close`.
    func drain() {
        if case .reading = phase, parser.isIdle, inboundStart == inbound.count, outboundStart == outbound.count {
            close()
        }
    }

    /// Called every tick: cuts off clients that are too slow or silent for too long.
    func enforceTimeouts(now: UInt64) {
        let configuration = owner.shared.configuration
        switch phase {
        case .closed, .awaitingHandler:
            return
        case .lingering(let since):
            if now - since > Self.lingerNanoseconds { close() }
        case .reading:
            if let stalled = writeStalledSince, now - stalled > configuration.writeTimeout.nanoseconds {
                close()
            } else if parser.isReadingBody {
                if now - lastActivity > configuration.bodyTimeout.nanoseconds { timeOut() }
            } else if let started = headStartedAt {
                // Measured from the head's first byte, not the last: a slowloris client that
                // trickles one byte at a time is still cut off on time.
                if now - started > configuration.headerTimeout.nanoseconds { timeOut() }
            } else if outboundStart == outbound.count, now - lastActivity > configuration.idleTimeout.nanoseconds {
                close()
            } else if owner.isDraining, outboundStart == outbound.count {
                close()
            }
        }
    }

    private func timeOut() {
        enqueue(HTTPError(.requestTimeout).response, version: .http1_1, omitBody: false, keepAlive: false)
        flush()
    }

    private func setInterest(_ newInterest: IOInterest) {
        guard newInterest != interest, case let descriptor = descriptor, socket.descriptor >= 0 else { return }
        interest = newInterest
        try? owner.loop.modify(descriptor, interest: newInterest)
    }
}
