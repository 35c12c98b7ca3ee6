/// Feeds an upload's bytes to libcurl's `CURLOPT_READFUNCTION`, which asks for the next piece
/// into its own buffer until we answer 0 (end of file).
///
/// Reached from the C callback through an `Unmanaged` pointer on the thread running
/// `curl_easy_perform`; the caller keeps it alive for the whole transfer.
final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// Creates a source over `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The number of bytes to upload (`CURLOPT_INFILESIZE_LARGE`).
    var count: Int { bytes.count }

    /// Copies up to `capacity` next bytes into `buffer`; returns how many (0 at the end).
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        let length = min(capacity, bytes.count - offset)
        guard length > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: source.baseAddress! + offset, byteCount: length)
        }
        offset += length
        return length
    }
}
