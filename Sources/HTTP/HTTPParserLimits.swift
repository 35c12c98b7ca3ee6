/// The sizes a request may not exceed. Defaults follow common servers (nginx: 8 KiB request
/// line, a few KiB per field); a deployment raises `maxBodyBytes` for file uploads.
public struct HTTPParserLimits: Sendable, Equatable {
    /// The longest request line (method, target, version) accepted; longer gets 414.
    public var maxRequestLineBytes = 8 * 1024
    /// The largest header section (request line plus fields) accepted; larger gets 431.
    public var maxHeaderBytes = 16 * 1024
    /// The most header fields accepted; more gets 431.
    public var maxHeaderCount = 100
    /// The largest body accepted, declared or chunked; larger gets 413.
    public var maxBodyBytes = 1 << 20
    /// The longest chunk-size line (with extensions) accepted; longer gets 400.
    public var maxChunkLineBytes = 1024

    /// The defaults above.
    public init() {}
}
