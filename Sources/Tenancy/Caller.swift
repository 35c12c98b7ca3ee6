/// A principal plus where the call came from: what the audit log records beside each change.
public struct Caller: Sendable {
    /// Who.
    public var principal: Principal
    /// The request id (`X-Request-Id`), to join the audit log with the access log.
    public var requestID: String?
    /// The client's address.
    public var remoteAddress: String?

    public init(principal: Principal, requestID: String? = nil, remoteAddress: String? = nil) {
        self.principal = principal
        self.requestID = requestID
        self.remoteAddress = remoteAddress
    }
}
