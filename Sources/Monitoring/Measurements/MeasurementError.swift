/// What can go wrong reading measurements.
public enum MeasurementError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A rollup's latency histogram that is not `{"bucket": count, …}`.
    case malformedHistogram(String)
    /// A window whose end is not after its start, or not on whole minutes.
    case invalidWindow(String)

    public var description: String {
        switch self {
        case .malformedHistogram(let text): "a latency histogram is not {\"bucket\": count}: \(text.prefix(80))"
        case .invalidWindow(let reason): "invalid window: \(reason)"
        }
    }
}
