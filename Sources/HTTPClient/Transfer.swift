internal import CCurl

/// One request run on one checked-out easy handle: sets its options, performs it, and turns
/// the outcome into an ``OutboundResponse`` or a classified ``HTTPClientError``.
struct Transfer {
    let handle: EasyHandle
    let request: OutboundRequest
    let configuration: HTTPClient.Configuration

    /// Runs the exchange on the calling thread.
    ///
    /// - Throws: ``HTTPClientError``; the caller fills in the redacted URL where it is empty.
    func run() throws -> OutboundResponse {
        let collector = ResponseCollector(bodyLimit: configuration.maxResponseBodySize)
        let headerList = try makeHeaderList()
        // libcurl holds raw pointers to both during `perform`; keep them alive until it returns.
        return try withExtendedLifetime((collector, headerList)) {
            try applySafetyPolicy()
            try applyTimeouts()
            try applyRequest(headerList)
            try applyCallbacks(collector)
            let outcome = handle.perform()
            guard outcome.code == CURLE_OK else {
                throw failure(outcome.code, outcome.message, collector)
            }
            return makeResponse(collector)
        }
    }

    /// What every request gets, whatever the caller asked for.
    private func applySafetyPolicy() throws {
        try handle.set(CURLOPT_URL, request.url)
        // Only http and https, also for redirects: neither a URL nor a Location header may make
        // the client read file:// or speak another protocol (CURLOPT_PROTOCOLS_STR(3), 7.85.0).
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        // These are libcurl's defaults; set anyway so no earlier use of the handle can weaken them.
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundlePath = configuration.caBundlePath {
            try handle.set(CURLOPT_CAINFO, caBundlePath)
        }
        // An empty string turns off libcurl's use of the proxy environment variables.
        try handle.set(CURLOPT_PROXY, configuration.proxy ?? "")
        // The synchronous resolver times out with SIGALRM unless told not to, and signals do not
        // mix with threads (CURLOPT_NOSIGNAL(3)).
        try handle.set(CURLOPT_NOSIGNAL, 1)
        switch request.redirects {
        case .doNotFollow:
            try handle.set(CURLOPT_FOLLOWLOCATION, 0)
        case .follow(let limit):
            try handle.set(CURLOPT_FOLLOWLOCATION, 1)
            try handle.set(CURLOPT_MAXREDIRS, limit)
        }
        // Refuses a body whose Content-Length is already too big before reading any of it; the
        // write callback enforces the same limit on bodies of unannounced length.
        try handle.set(CURLOPT_MAXFILESIZE_LARGE, offset: curl_off_t(configuration.maxResponseBodySize))
    }

    private func applyTimeouts() throws {
        let connect = request.connectTimeout ?? configuration.connectTimeout
        let total = request.totalTimeout ?? configuration.totalTimeout
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connect))
        try handle.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(total))
    }

    /// Whether the request carries a body (with Content-Length, possibly 0): always for methods
    /// defined with one (RFC 9110 §9.3.3–9.3.4, RFC 5789), otherwise only when one is given.
    private var sendsBody: Bool {
        request.method != .head
            && (!request.body.isEmpty || [.post, .put, .patch].contains(request.method))
    }

    private func applyRequest(_ headerList: HeaderList) throws {
        if request.method == .head {
            try handle.set(CURLOPT_NOBODY, 1)
        } else if request.method == .get && !sendsBody {
            try handle.set(CURLOPT_HTTPGET, 1)
        } else if request.method != .post {
            // With a body libcurl prepares a POST; CUSTOMREQUEST only replaces the method word.
            try handle.set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if sendsBody {
            try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(request.body.count))
            // COPYPOSTFIELDS copies the bytes now, so the body need not stay pinned during
            // `perform`. An empty body still needs a non-null pointer, or libcurl would read the
            // body from stdin; a one-byte array provides one, and the size above says 0.
            let bytes = request.body.isEmpty ? [0] : request.body
            try bytes.withUnsafeBytes { try handle.set(CURLOPT_COPYPOSTFIELDS, pointer: $0.baseAddress) }
        }
        if !request.headers.contains("User-Agent") {
            try handle.set(CURLOPT_USERAGENT, configuration.userAgent)
        }
        try handle.set(CURLOPT_HTTPHEADER, pointer: UnsafeRawPointer(headerList.head))
    }

    private func makeHeaderList() throws -> HeaderList {
        let list = try HeaderList(request.headers)
        // libcurl sends `Expect: 100-continue` before larger bodies and then waits up to a second
        // for the interim answer. Our bodies are already in memory and the wait buys nothing
        // (RFC 9110 §10.1.1 leaves Expect to the client), so "Expect:" removes it.
        if !request.headers.contains("Expect") {
            try list.append("Expect:")
        }
        // With a body libcurl would claim `application/x-www-form-urlencoded`; a body the caller
        // did not label is sent unlabelled rather than mislabelled.
        if sendsBody && !request.headers.contains("Content-Type") {
            try list.append("Content-Type:")
        }
        return list
    }

    private func applyCallbacks(_ collector: ResponseCollector) throws {
        let context = UnsafeRawPointer(Unmanaged.passUnretained(collector).toOpaque())
        // Both callbacks must consume every byte; any other return value aborts the transfer.
        try handle.set(CURLOPT_HEADERFUNCTION, callback: { data, size, count, context in
            let length = size * count
            guard let context else { return 0 }
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
            collector.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return length
        })
        try handle.set(CURLOPT_HEADERDATA, pointer: context)
        try handle.set(CURLOPT_WRITEFUNCTION, callback: { data, size, count, context in
            let length = size * count
            guard let context else { return 0 }
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
            return collector.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        })
        try handle.set(CURLOPT_WRITEDATA, pointer: context)
    }

    private func failure(_ code: CURLcode, _ message: String, _ collector: ResponseCollector) -> HTTPClientError {
        let kind = HTTPClientError.Kind(curlCode: code, bodyLimitExceeded: collector.bodyLimitExceeded)
        let detail = kind == .responseTooLarge
            ? "the response body exceeds \(configuration.maxResponseBodySize) bytes (\(message))"
            : message
        return HTTPClientError(kind: kind, detail: detail, url: "", curlCode: Int(code.rawValue))
    }

    private func makeResponse(_ collector: ResponseCollector) -> OutboundResponse {
        OutboundResponse(
            status: handle.longInfo(CURLINFO_RESPONSE_CODE),
            headers: collector.headers,
            body: collector.body,
            effectiveURL: handle.stringInfo(CURLINFO_EFFECTIVE_URL),
            // CURLINFO_NUM_CONNECTS counts the connections this transfer had to open.
            reusedConnection: handle.longInfo(CURLINFO_NUM_CONNECTS) == 0,
            timings: OutboundResponse.Timings(
                connect: .microseconds(handle.offsetInfo(CURLINFO_CONNECT_TIME_T)),
                firstByte: .microseconds(handle.offsetInfo(CURLINFO_STARTTRANSFER_TIME_T)),
                total: .microseconds(handle.offsetInfo(CURLINFO_TOTAL_TIME_T))
            )
        )
    }

    /// libcurl takes timeouts in whole milliseconds and reads 0 as "never"; round up so that a
    /// positive sub-millisecond timeout stays a timeout.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = Int(clamping: seconds).multipliedReportingOverflow(by: 1000)
        guard !overflow else { return Int.max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(1, whole + Int(fraction))
    }
}
