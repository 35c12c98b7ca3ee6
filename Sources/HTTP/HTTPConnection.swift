import Sockets

/// One client connection: reads bytes, feeds the parser, runs or dispatches each request in
/// order, and writes responses in order (pipelining), then keeps the connection for the next
/// request or closes it.
///
/// The socket is registered once, edge-triggered, for reading and writing. An edge means "new
/// input or new room since you last looked", so the connection remembers whether input may be
/// waiting (`inputPending`) until a short read or EAGAIN proves it drained, and simply writes
/// whenever it has output. No `epoll_ctl` call is ever needed after registration.
///
/// Confined to its event loop's thread. The handler pool reaches it only through
/// `EventLoop.execute`, which is why it may be captured by a `@Sendable` closure.
final class HTTPConnection: EventLoopHandler, @unchecked Sendable {
    /// What every connection is registered for.
    static let interest: IOInterest = [.readable, .writable, .peerClosed, .edgeTriggered]

    private enum Phase {
        /// Reading and parsing requests.
        case reading
        /// A request is on the handler pool; input waits so responses stay in order.
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
    /// An edge said input arrived and no read has drained it since.
    private var inputPending = false
    /// An edge reported the client's FIN. It may be queued behind data, where a short read
    /// leaves it unread, and no further edge will announce it.
    private var peerClosed = false
    private var inbound: [UInt8] = []
    private var inboundStart = 0
    private var outbound: [UInt8] = []
    private var outboundStart = 0
    /// Parsing stopped because too much output is waiting for a client that does not read.
    private var pausedForOutput = false
    private var closeAfterFlush = false
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
        if events.isHangUp {
            // Both directions are gone (or the socket failed): nothing can be delivered.
            close()
            return
        }
        if events.isReadable || events.isPeerClosed { inputPending = true }
        if events.isPeerClosed { peerClosed = true }
        switch phase {
        case .reading: pump()
        case .awaitingHandler: if events.isWritable { _ = flush() }
        case .lingering: discardInput()
        case .closed: break
        }
    }

    /// Reads, parses, answers and writes until no more progress is possible now.
    private func pump() {
        while true {
            processInbound()
            if case .reading = phase, inputPending, !closeAfterFlush, !pausedForOutput {
                readOnce()
                continue
            }
            // Output drained after back-pressure paused parsing: carry on with the input.
            guard flush(), pausedForOutput else { return }
            pausedForOutput = false
        }
    }

    private func readOnce() {
        switch socket.read(into: owner.readBuffer) {
        case .bytes(let count):
            // A short read emptied the kernel's buffer; the next arrival is a new edge. Not so
            // for a FIN already reported: keep reading until the end of stream shows.
            if count < owner.readBuffer.count, !peerClosed { inputPending = false }
            lastActivity = owner.loop.now
            inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: owner.readBuffer[..<count]))
        case .wouldBlock:
            inputPending = false
        case .endOfStream:
            // The client finished sending. Whatever it half-sent is dropped; answers already
            // queued still go out before we close.
            inputPending = false
            if outboundStart < outbound.count { closeAfterFlush = true } else { close() }
        case .failed:
            close()
        }
    }

    /// Parses and answers as many buffered requests as order and back-pressure allow.
    private func processInbound() {
        while case .reading = phase, !closeAfterFlush, inboundStart < inbound.count {
            if outbound.count - outboundStart >= Self.outboundHighWater {
                pausedForOutput = true
                break
            }
            let (consumed, result) = inbound.withUnsafeBytes { bytes in
                parser.parse(UnsafeRawBufferPointer(rebasing: bytes[inboundStart...]))
            }
            inboundStart += consumed
            switch result {
            case .needMoreData:
                compactInbound()
                if headStartedAt == nil, !parser.isReadingBody { headStartedAt = owner.loop.now }
                return
            case .continueExpected:
                outbound.append(contentsOf: ResponseWriter.continueLine)
            case .failed(let error):
                owner.shared.logger.debug("rejected request", metadata: [
                    "reason": "\(error.reason)", "remote": "\(remoteAddress ?? "-")",
                ])
                enqueue(HTTPError(error.status, error.reason).response, omitBody: false, keepAlive: false)
            case .request(let request):
                headStartedAt = nil
                dispatch(request)
            }
        }
        compactInbound()
    }

    private func dispatch(_ request: Request) {
        var request = request
        request.remoteAddress = remoteAddress
        let router = owner.shared.router
        let route = router.resolve(&request)
        let omitBody = request.method == .head
        let keepAlive = request.keepAlive && !owner.isDraining
        if route.execution == .eventLoop {
            enqueue(router.respond(to: request, with: route), omitBody: omitBody, keepAlive: keepAlive)
            return
        }
        phase = .awaitingHandler
        let loop = owner.loop
        let accepted = owner.shared.pool.submit { [request] in
            let response = router.respond(to: request, with: route)
            loop.execute { self.handlerFinished(response, omitBody: omitBody, keepAlive: keepAlive) }
        }
        if !accepted {
            router.metrics.rejectedByHandlerPool()
            phase = .reading
            let busy = HTTPError(.serviceUnavailable, "server busy, retry shortly",
                                 headers: ["Retry-After": "\(owner.shared.configuration.retryAfterSeconds)"])
            enqueue(busy.response, omitBody: omitBody, keepAlive: keepAlive)
        }
    }

    private func handlerFinished(_ response: Response, omitBody: Bool, keepAlive: Bool) {
        guard case .awaitingHandler = phase else { return }  // closed meanwhile
        phase = .reading
        lastActivity = owner.loop.now
        enqueue(response, omitBody: omitBody, keepAlive: keepAlive && !owner.isDraining)
        pump()
    }

    private func enqueue(_ response: Response, omitBody: Bool, keepAlive: Bool) {
        ResponseWriter.append(response, to: &outbound, omitBody: omitBody, keepAlive: keepAlive,
                              dateLine: owner.dateLine)
        if !keepAlive { closeAfterFlush = true }
    }

    // MARK: Writing

    /// Writes queued output; true when all of it left and the connection stays open.
    private func flush() -> Bool {
        if case .closed = phase { return false }
        while outboundStart < outbound.count {
            let result = outbound.withUnsafeBytes { socket.write(UnsafeRawBufferPointer(rebasing: $0[outboundStart...])) }
            switch result {
            case .written(let count):
                outboundStart += count
                writeStalledSince = nil
            case .wouldBlock:
                // The next EPOLLOUT edge calls us again.
                if writeStalledSince == nil { writeStalledSince = owner.loop.now }
                return false
            case .failed:
                close()
                return false
            }
        }
        if outbound.capacity > 64 * 1024 { outbound = [] } else { outbound.removeAll(keepingCapacity: true) }
        outboundStart = 0
        writeStalledSince = nil
        if closeAfterFlush {
            beginLingeringClose()
            return false
        }
        return true
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
        if case .closed = phase { return }
        socket.shutdownWrite()
        phase = .lingering(since: owner.loop.now)
        inbound = []
        inboundStart = 0
        inputPending = true
        discardInput()
    }

    private func discardInput() {
        while inputPending {
            switch socket.read(into: owner.readBuffer) {
            case .bytes(let count): if count < owner.readBuffer.count { inputPending = false }
            case .wouldBlock: inputPending = false
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
        let shared = owner.shared
        switch phase {
        case .closed, .awaitingHandler:
            return
        case .lingering(let since):
            if now - since > Self.lingerNanoseconds { close() }
        case .reading:
            if let stalled = writeStalledSince, now - stalled > shared.writeTimeout {
                close()
            } else if parser.isReadingBody {
                if now - lastActivity > shared.bodyTimeout { timeOut() }
            } else if let started = headStartedAt {
                // Measured from the head's first byte, not the last: a slowloris client that
                // trickles one byte at a time is still cut off on time.
                if now - started > shared.headerTimeout { timeOut() }
            } else if outboundStart == outbound.count,
                      owner.isDraining || now - lastActivity > shared.idleTimeout {
                close()
            }
        }
    }

    private func timeOut() {
        enqueue(HTTPError(.requestTimeout).response, omitBody: false, keepAlive: false)
        _ = flush()
    }
}
