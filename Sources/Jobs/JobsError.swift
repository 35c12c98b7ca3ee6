/// What the queue refuses, with what a person needs to fix it.
public enum JobsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A job the table would refuse (bad kind, key lengths, attempts).
    case invalidJob(String)
    /// A cron expression that does not parse; the text says which field and why.
    case invalidCron(String)
    /// A time zone name the system's zone database does not know.
    case unknownTimeZone(String)
    /// A schedule that cannot be stored.
    case invalidSchedule(String)
    /// A worker pool configuration that makes no sense.
    case invalidConfiguration(String)
    /// Two handlers registered for one kind.
    case duplicateHandler(kind: String)

    public var description: String {
        switch self {
        case .invalidJob(let reason): "invalid job: \(reason)"
        case .invalidCron(let reason): "invalid cron expression: \(reason)"
        case .unknownTimeZone(let name): "unknown time zone \"\(name)\" (expected an IANA name such as Europe/Amsterdam)"
        case .invalidSchedule(let reason): "invalid schedule: \(reason)"
        case .invalidConfiguration(let reason): "invalid worker pool configuration: \(reason)"
        case .duplicateHandler(let kind): "two handlers are registered for job kind \"\(kind)\""
        }
    }
}
