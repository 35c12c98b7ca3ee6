public import HTTP

/// A response as stored for replay: status, the header fields worth replaying, and the body.
public struct StoredResponse: Sendable, Hashable, Codable {
    /// The status code.
    public var status: Int
    /// `Content-Type`, `Location` and similar fields, as name/value pairs in order.
    public var headers: [[String]]
    /// The body.
    public var body: [UInt8]

    /// A stored response with everything explicit.
    public init(status: Int, headers: [[String]] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The parts of `response` a replay needs. Per-request fields (`X-Request-Id`, `Date`,
    /// `Connection`, `Content-Length`) are left out: the replay gets its own.
    public init(_ response: Response) {
        let perRequest: Set<String> = ["x-request-id", "date", "connection", "content-length"]
        self.init(status: response.status.code,
                  headers: response.headers.filter { !perRequest.contains($0.name.lowercased()) }.map { [$0.name, $0.value] },
                  body: response.body)
    }

    /// The response to send again, marked `Idempotent-Replayed: true` so a client (and its
    /// logs) can tell a replay from a first answer; the draft leaves this open, Stripe's
    /// convention is the same.
    public var response: Response {
        var response = Response(status: HTTPStatus(code: status), body: body)
        for pair in headers where pair.count == 2 { response.headers.add(pair[0], pair[1]) }
        response.headers.set("Idempotent-Replayed", "true")
        return response
    }
}

/// What the store holds for one idempotency key.
public enum IdempotencyRecord: Sendable, Hashable {
    /// Another request with this key is running (its transaction has not committed).
    case inProgress(RequestFingerprint)
    /// A request with this key finished with `response`.
    case completed(RequestFingerprint, StoredResponse)
}

/// What to do with a request that carries an idempotency key.
public enum IdempotencyDecision: Sendable, Hashable {
    /// First time: run the handler and store its response.
    case proceed
    /// Seen and finished: answer with the stored response, do nothing else.
    case replay(StoredResponse)
    /// The same request is still running: 409, retry later (draft §2.6).
    case conflict
    /// The key was used for a different request: 422 (draft §2.6).
    case mismatch

    /// The decision for a request with fingerprint `incoming`, given what the store holds for
    /// its key (nil: nothing). A pure function: the whole protocol is this table.
    ///
    /// | stored                     | same fingerprint | different fingerprint |
    /// |----------------------------|------------------|-----------------------|
    /// | nothing                    | proceed          | proceed               |
    /// | in progress                | conflict         | mismatch              |
    /// | completed with response R  | replay(R)        | mismatch              |
    ///
    /// A mismatch wins over "in progress": the client reused a key for a different payload,
    /// which is a bug to report at once, whatever the state of the first request.
    public static func decide(stored: IdempotencyRecord?, incoming: RequestFingerprint) -> IdempotencyDecision {
        switch stored {
        case nil:
            return .proceed
        case .inProgress(let fingerprint):
            return fingerprint == incoming ? .conflict : .mismatch
        case .completed(let fingerprint, let response):
            return fingerprint == incoming ? .replay(response) : .mismatch
        }
    }

    /// The problem a client gets for `.conflict` and `.mismatch`; nil for the others.
    public var problem: ProblemError? {
        switch self {
        case .proceed, .replay: nil
        case .conflict:
            ProblemError(status: .conflict, slug: "idempotency-key-in-use", title: "Idempotency key in use",
                         detail: "A request with this Idempotency-Key is still being processed; retry later.",
                         headers: ["Retry-After": "1"])
        case .mismatch:
            ProblemError(status: .unprocessableContent, slug: "idempotency-key-reused", title: "Idempotency key reused",
                         detail: "This Idempotency-Key was already used for a different request; use a new key.",
                         errors: [FieldError(field: IdempotencyKey.headerName, message: "was used for a different request")])
        }
    }
}
