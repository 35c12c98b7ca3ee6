/// Serialises a response into a connection's outbound buffer in one pass, so the whole
/// response (or a pipelined batch of them) leaves in a single write.
enum ResponseWriter {
    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response` to `buffer`.
    /// - Parameters:
    ///   - omitBody: true for HEAD (RFC 9110 §9.3.2): same fields, no content.
    ///   - keepAlive: false adds `Connection: close`.
    ///   - dateLine: the cached `Date: …\r\n` line.
    static func append(_ response: Response, to buffer: inout [UInt8], omitBody: Bool, keepAlive: Bool,
                       dateLine: [UInt8]) {
        let status = response.status
        // RFC 9110 §6.2: answer with the highest version we conform to whose major version
        // the client speaks, which is HTTP/1.1 for HTTP/1.0 clients too.
        buffer.append(contentsOf: httpOnePointOne)
        appendDecimal(status.code, to: &buffer)
        buffer.append(ASCII.space)
        buffer.append(contentsOf: status.reasonPhrase.utf8)
        buffer.append(contentsOf: crlf)
        for field in response.headers {
            // Framing fields are ours to write; a handler's copy would contradict them.
            if isFramingField(field.name) { continue }
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(contentsOf: colonSpace)
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(contentsOf: crlf)
        }
        if status.allowsBody {
            buffer.append(contentsOf: contentLengthPrefix)
            appendDecimal(response.body.count, to: &buffer)
            buffer.append(contentsOf: crlf)
        }
        // Always explicit: an HTTP/1.0 client needs `keep-alive` to keep the connection, and
        // `close` tells any client not to send more.
        buffer.append(contentsOf: keepAlive ? connectionKeepAlive : connectionClose)
        buffer.append(contentsOf: dateLine)
        buffer.append(contentsOf: crlf)
        if status.allowsBody && !omitBody {
            buffer.append(contentsOf: response.body)
        }
    }

    /// Content-Length, Connection and Transfer-Encoding, decided by length first so the usual
    /// field costs one comparison.
    @inline(__always)
    private static func isFramingField(_ name: String) -> Bool {
        switch name.utf8.count {
        case 14: ASCII.equalsIgnoringCase(name, "content-length")
        case 10: ASCII.equalsIgnoringCase(name, "connection")
        case 17: ASCII.equalsIgnoringCase(name, "transfer-encoding")
        default: false
        }
    }

    private static let httpOnePointOne: [UInt8] = Array("HTTP/1.1 ".utf8)
    private static let crlf: [UInt8] = [ASCII.cr, ASCII.lf]
    private static let colonSpace: [UInt8] = [ASCII.colon, ASCII.space]
    private static let contentLengthPrefix: [UInt8] = Array("Content-Length: ".utf8)
    private static let connectionClose: [UInt8] = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive: [UInt8] = Array("Connection: keep-alive\r\n".utf8)

    @inline(__always)
    private static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var remaining = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            while remaining > 0 {
                scratch[19 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(20 - count)...]))
        }
    }
}
