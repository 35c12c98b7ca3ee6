import Logging
import Synchronization

/// Keeps every log line written through its loggers, level `trace` and up, so a test can
/// search the text for what must never be logged. (swift-log 1.16 ships no in-memory handler.)
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger whose every line, with its metadata, lands here.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { label in RecordingLogHandler(label: label, recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every line so far.
    var recorded: [String] { lines.withLock { $0 } }

    /// All lines as one text.
    var text: String { recorded.joined(separator: "\n") }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }
}

/// Formats each line as `label level message key=value …` into a `LogRecorder`.
private struct RecordingLogHandler: LogHandler {
    let label: String
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        let all = metadata.merging(explicit ?? [:]) { $1 }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        recorder.append("\(label) \(level) \(message) \(fields)")
    }
}
