import InMemoryLogging
import Logging

/// Keeps every log line written through its loggers, level `trace` and up (swift-log's
/// `InMemoryLogHandler`), so a test can search the text for what must never be logged.
struct LogRecorder: Sendable {
    private let handler: InMemoryLogHandler = {
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        return handler
    }()

    /// A logger whose every line, with its metadata, lands here.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { [handler] _ in handler }
        logger.logLevel = .trace
        return logger
    }

    /// All lines as one text: level, message, metadata and any attached error.
    var text: String {
        handler.entries.map { entry in
            let fields = entry.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(entry.level) \(entry.message) \(fields) \(entry.error.map { "\($0)" } ?? "")"
        }.joined(separator: "\n")
    }
}
