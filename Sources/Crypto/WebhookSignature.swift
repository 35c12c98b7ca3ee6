public import Foundation

/// The signature on our outbound webhooks, `Counterpart-Signature: t=<unix seconds>,v1=<hex>`
/// where the hex is HMAC-SHA256 (RFC 2104) keyed with the connection's signing secret over
/// `<t>.<raw body>`. Signing the timestamp with the body lets a receiver refuse a captured
/// delivery replayed later (outside its tolerance) as well as a forged one. Connectors' outbound
/// webhooks and Monitoring's alert webhooks sign with it.
public enum WebhookSignature {
    /// The header field that carries the signature.
    public static let headerName = "Counterpart-Signature"
    /// The scheme's version tag; a future scheme adds `v2=` beside it.
    public static let version = "v1"

    /// The header value for a body sent at `time`.
    public static func header(secret: String, timestamp: Int, body: some Collection<UInt8>) -> String {
        header(secret: Array(secret.utf8), timestamp: timestamp, body: body)
    }

    /// The header value for a body sent at `time`, with the secret as bytes.
    public static func header(secret: [UInt8], timestamp: Int, body: some Collection<UInt8>) -> String {
        "t=\(timestamp),\(version)=\(Hex.encode(mac(secret: secret, timestamp: timestamp, body: body)))"
    }

    /// Whether `header` is a valid signature of `body` made within `tolerance` of `now` — what a
    /// receiver runs (and our tests, as a receiver would). Compares in constant time.
    public static func verify(header: String, body: some Collection<UInt8>, secret: String, now: Date,
                              tolerance: Duration = .seconds(300)) -> Bool {
        var timestamp: Int?
        var signatures: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == version, let bytes = Hex.decode(pair[1]) { signatures.append(bytes) }
        }
        guard let timestamp, !signatures.isEmpty,
              abs(now.timeIntervalSince1970 - Double(timestamp)) <= Double(tolerance.components.seconds) else { return false }
        let expected = mac(secret: Array(secret.utf8), timestamp: timestamp, body: body)
        return signatures.contains { ConstantTime.equals($0, expected) }
    }

    static func mac(secret: [UInt8], timestamp: Int, body: some Collection<UInt8>) -> [UInt8] {
        HMAC.sha256(key: secret, message: Array("\(timestamp).".utf8) + Array(body))
    }
}
