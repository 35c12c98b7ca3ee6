import Sockets

extension Request {
    /// The client's address without its port (`192.0.2.7`, `2001:db8::1`) — what log-in
    /// throttling counts and the audit log records; nil when the peer is unknown. Behind a
    /// trusted proxy, `ForwardedClientMiddleware` has already put the client's address here.
    public var clientHost: String? {
        guard let remoteAddress, !remoteAddress.isEmpty else { return nil }
        return SocketAddress(parsing: remoteAddress)?.host ?? remoteAddress
    }
}
