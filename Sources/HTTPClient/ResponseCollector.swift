/// Gathers one transfer's response from libcurl's callbacks: header lines from
/// `CURLOPT_HEADERFUNCTION`, body bytes from `CURLOPT_WRITEFUNCTION`.
///
/// libcurl calls both on the thread running `curl_easy_perform`, so no locking is needed; the
/// collector is reached from the C callbacks through an `Unmanaged` pointer and must be kept
/// alive by the caller for the whole transfer.
final class ResponseCollector {
    /// The most body bytes accepted; one more aborts the transfer.
    let bodyLimit: Int
    /// The header fields of the latest response block.
    private(set) var headers = OutboundHeaders()
    /// The body received so far.
    private(set) var body: [UInt8] = []
    /// Whether the body was refused for growing past `bodyLimit`.
    private(set) var bodyLimitExceeded = false

    /// Creates a collector that accepts at most `bodyLimit` body bytes.
    init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    /// Takes one complete header line, CRLF included (curl's header callback delivers exactly
    /// one line per call).
    ///
    /// A transfer can see several response blocks: 1xx interim responses (RFC 9110 §15.2), each
    /// followed redirect, a proxy's CONNECT answer. Each block starts with a status line, so a
    /// status line starts the field list afresh and only the final response's fields remain.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        let bytes = UnsafeRawBufferPointer(rebasing: line[..<end])
        guard let first = bytes.first else { return }  // the empty line ending a block

        if bytes.starts(with: "HTTP/".utf8) {
            headers = OutboundHeaders()
            return
        }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            // RFC 9112 §5.2: obs-fold continues the previous field; replace it with one space.
            headers.extendLastValue(with: Self.trimmed(bytes))
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<colon]), as: UTF8.self)
        let value = Self.trimmed(UnsafeRawBufferPointer(rebasing: bytes[(colon + 1)...]))
        headers.append(name: name, value: value)
    }

    /// Takes a piece of the body; returns false, which makes libcurl abort the transfer, when
    /// the body would grow past the limit.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= bodyLimit else {
            bodyLimitExceeded = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// RFC 9110 §5.5: OWS around a field value is not part of it.
    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> String {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
            start += 1
        }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") {
            end -= 1
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
