public import Sockets

/// Behind a load balancer or reverse proxy every connection comes from the proxy, so the
/// client's own address — which log-in throttling counts and the audit log records — is in
/// `X-Forwarded-For`. That header is trusted only when the peer is a configured proxy: anyone
/// else could write it. The client is the rightmost address in the chain that is not itself a
/// trusted proxy (each proxy appends the address it saw; everything to the left of the last
/// untrusted hop was written by someone we cannot vouch for).
///
/// Only `X-Forwarded-For` is read: it is what nginx, HAProxy, Envoy and the Kubernetes ingress
/// controllers send by default; RFC 7239's `Forwarded` is not.
public struct ForwardedClientMiddleware: Middleware {
    /// The proxies whose `X-Forwarded-For` is believed.
    public let trustedProxies: [IPAddressRange]

    public init(trustedProxies: [IPAddressRange]) {
        self.trustedProxies = trustedProxies
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        guard let peer = request.remoteAddress.flatMap(SocketAddress.init(parsing:)), isTrusted(peer.host) else {
            return try next(request)
        }
        var client = peer.host
        let hops = request.headers.values(for: "X-Forwarded-For")
            .flatMap { $0.split(separator: ",") }
            .map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
        for hop in hops.reversed() {
            // A malformed entry ends the walk: what lies left of it cannot be trusted either.
            guard IPAddressRange.isAddress(hop) else { break }
            client = hop
            if !isTrusted(hop) { break }
        }
        var forwarded = request
        forwarded.remoteAddress = SocketAddress(host: client, port: 0).description
        return try next(forwarded)
    }

    private func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
