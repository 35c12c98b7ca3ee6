import Crypto
import HTTP
public import Prometheus
import Sockets

/// `GET /metrics`: the process's metrics in the Prometheus text exposition format 0.0.4
/// (prometheus.io/docs/instrumenting/exposition_formats). Counters, gauges and histograms are
/// labelled only from small fixed sets (method, route pattern, status class, job kind, flow,
/// outcome, SQLSTATE class), never by customer, partner or path.
///
/// A partner's host must not show the fleet to the internet, so access is closed by default:
/// with `COUNTERPART_METRICS_TOKEN` set, a scrape must send `Authorization: Bearer <token>`
/// (compared in constant time; 401 otherwise, RFC 6750 §3); without it only a client on
/// loopback is answered (403 otherwise), and not one a proxy forwarded (`X-Forwarded-For` or
/// `Forwarded` present): a reverse proxy on the same host must not turn the internet into
/// loopback.
enum MetricsRoutes {
    /// The media type Prometheus asks for and parses (exposition format 0.0.4).
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Who may scrape.
    enum Access: Equatable {
        /// Bearer token required.
        case token([UInt8])
        /// Loopback clients only.
        case loopback

        /// Whether `request` may read the metrics: nil when it may, else the refusal.
        func refusal(of request: Request) -> HTTPError? {
            switch self {
            case .token(let expected):
                guard let header = request.headers["Authorization"], header.count > 7,
                      header.prefix(7).lowercased() == "bearer ",
                      ConstantTime.equals(Array(header.utf8.dropFirst(7)), expected) else {
                    return HTTPError(.unauthorized, "a bearer token is required", headers: ["WWW-Authenticate": "Bearer realm=\"metrics\""])
                }
                return nil
            case .loopback:
                let forwarded = request.headers["X-Forwarded-For"] != nil || request.headers["Forwarded"] != nil
                guard !forwarded, let host = request.clientHost, Self.isLoopback(host) else {
                    return HTTPError(.forbidden, "metrics are served to loopback clients unless COUNTERPART_METRICS_TOKEN is set")
                }
                return nil
            }
        }

        /// 127.0.0.0/8 (RFC 1122 §3.2.1.3), ::1 (RFC 4291 §2.5.3) and IPv4-mapped loopback.
        static func isLoopback(_ host: String) -> Bool {
            loopbackRanges.contains { $0.contains(host) }
        }

        private static let loopbackRanges = ["127.0.0.0/8", "::1/128", "::ffff:127.0.0.0/104"].compactMap(IPAddressRange.init(parsing:))
    }

    /// Registers `/metrics`, rendering `registry` on each scrape (on the handler pool: the
    /// render takes the registry's locks and can take a millisecond for many series).
    static func register(on router: Router, registry: PrometheusCollectorRegistry, access: Access) {
        router.get("/metrics") { request in
            if let refusal = access.refusal(of: request) { throw refusal }
            return Response(status: .ok, headers: ["Content-Type": contentType, "Cache-Control": "no-store"],
                            body: registry.emitToBuffer())
        }
    }
}
