import Foundation
public import Logging

/// A swift-log handler that writes one JSON object per line (`COUNTERPART_LOG_FORMAT=json`, the
/// default), for log shippers that index fields rather than parse prose:
///
/// ```json
/// {"ts":"2026-11-23T02:14:07.215Z","level":"info","logger":"counterpart.http","msg":"GET /healthz 200","source":"HTTP","request_id":"…","status":"200"}
/// ```
///
/// `ts` is RFC 3339 §5.6 in UTC with milliseconds; metadata follows the fixed keys, flattened
/// (strings stay strings, nested dictionaries become objects, arrays arrays). A metadata key
/// that would repeat a fixed one is written as `metadata.<key>` so no line carries a key twice
/// (RFC 8259 §4 leaves duplicate names' meaning to the reader).
public struct JSONLogHandler: LogHandler {
    /// The handler's own metadata (`logger[metadataKey:]`).
    public var metadata: Logger.Metadata = [:]
    /// The least severe level written.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every line when it is written (task-local context, say).
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable ([UInt8]) -> Void

    /// A handler for the logger `label` writing each line to `write` (default: standard error,
    /// one `write(2)` per line so lines from many threads do not interleave).
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                write: @escaping @Sendable ([UInt8]) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// Writes to the process's standard error.
    public static let standardError: @Sendable ([UInt8]) -> Void = { bytes in
        FileHandle.standardError.write(Data(bytes))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        write(Self.line(timestamp: Date(), level: event.level, label: label, message: event.message.description,
                        source: event.source, metadata: merged))
    }

    private static let fixedKeys: Set<String> = ["ts", "level", "logger", "msg", "source"]

    /// The encoded line, newline included (what tests parse).
    static func line(timestamp: Date, level: Logger.Level, label: String, message: String, source: String,
                     metadata: Logger.Metadata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"ts":""#.utf8)
        out.append(contentsOf: RFC3339UTC.milliseconds(timestamp).utf8)
        out.append(contentsOf: #"","level":"#.utf8)
        appendString(level.rawValue, to: &out)
        out.append(contentsOf: #","logger":"#.utf8)
        appendString(label, to: &out)
        out.append(contentsOf: #","msg":"#.utf8)
        appendString(message, to: &out)
        out.append(contentsOf: #","source":"#.utf8)
        appendString(source, to: &out)
        // Sorted: the same event always prints the same line.
        for key in metadata.keys.sorted() {
            out.append(UInt8(ascii: ","))
            appendString(fixedKeys.contains(key) ? "metadata.\(key)" : key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(metadata[key]!, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to out: inout [UInt8]) {
        switch value {
        case .string(let text):
            appendString(text, to: &out)
        case .stringConvertible(let convertible):
            appendString(convertible.description, to: &out)
        case .dictionary(let dictionary):
            out.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendValue(dictionary[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendValue(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// A JSON string (RFC 8259 §7): quote, backslash and control characters escaped; everything
    /// else, UTF-8 included, as is.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
