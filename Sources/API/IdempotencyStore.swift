public import HTTP

/// Where idempotency records live. The implementation is PostgreSQL's; this protocol is the
/// seam, so the decision logic and its tests need no database.
///
/// Transactional contract — what makes "exactly once" true:
/// - A store is bound to the request's own transaction, the one its handler writes in. `claim`,
///   the handler's writes and `complete` commit together or not at all, so a crash or an error
///   leaves neither a half-done effect nor a record claiming it was done. (A thrown error rolls
///   the claim back too, so a failed request may be retried with the same key.)
/// - `claim` is atomic per `(scope, key)`: `INSERT … ON CONFLICT DO NOTHING` under a unique
///   key, then reading the existing row if the insert did nothing. A concurrent request with
///   the same key blocks on the unique index until the first commits (then sees `.completed`)
///   or rolls back (then claims it). To answer 409 instead of waiting, the store sets a short
///   `lock_timeout` and reports a lock timeout (SQLSTATE 55P03) as `.inProgress`.
/// - `scope` separates clients: keys are chosen by clients, so two tokens may pick the same
///   one. The caller passes the tenant and principal (`"<partner>/<token id>"`, say); row-level
///   security already separates partners.
/// - Records expire (the draft, §2.3, asks servers to publish an expiry; ours is 24 hours):
///   a key reused after that is a new request. Expiry is the store's cleanup job.
public protocol IdempotencyStore {
    /// Claims `key` within `scope` for a request with `fingerprint` by storing
    /// `.inProgress(fingerprint)`, or returns the record already stored without changing it.
    /// Returns nil exactly when this call made the claim.
    func claim(_ key: IdempotencyKey, scope: String, fingerprint: RequestFingerprint) throws -> IdempotencyRecord?

    /// Replaces this transaction's claim on `key` with `.completed(fingerprint, response)`.
    func complete(_ key: IdempotencyKey, scope: String, fingerprint: RequestFingerprint,
                  response: StoredResponse) throws
}

extension IdempotencyStore {
    /// Answers `request` at most once per idempotency key: runs `handler` when the key is new
    /// (or absent), replays the stored response when the same request comes again, and throws
    /// the 409 or 422 problem otherwise. Call it inside the request's transaction.
    ///
    /// Only answers below 500 are stored: a server failure is not an answer the client should
    /// get again, and the rolled-back transaction removes the claim anyway.
    public func respond(to request: Request, scope: String,
                        handler: (Request) throws -> Response) throws -> Response {
        guard let key = try IdempotencyKey(request) else { return try handler(request) }
        let fingerprint = RequestFingerprint(request)
        let decision = IdempotencyDecision.decide(
            stored: try claim(key, scope: scope, fingerprint: fingerprint), incoming: fingerprint)
        switch decision {
        case .proceed:
            let response = try handler(request)
            if response.status.code < 500 {
                try complete(key, scope: scope, fingerprint: fingerprint, response: StoredResponse(response))
            }
            return response
        case .replay(let stored):
            return stored.response
        case .conflict, .mismatch:
            throw decision.problem ?? .internalError
        }
    }
}
