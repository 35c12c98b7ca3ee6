public import CoreMetrics
import Synchronization

/// What the message processor records (issue 7 §6), through swift-metrics' API: messages whose
/// attempt ended, by flow template and outcome, and how long attempts took by flow. Labels are
/// the template (`order-to-erp`) and the message status after the attempt, both fixed sets:
/// never the customer, the partner or the message.
public final class FlowMetrics: Sendable {
    private struct Key: Hashable {
        var flow: String
        var outcome: String
    }

    private let factory: any MetricsFactory
    private let finished = Mutex<[Key: Counter]>([:])
    private let durations = Mutex<[String: Timer]>([:])

    /// Metrics made by `factory`; the default is whatever `MetricsSystem` was bootstrapped with.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// An attempt of a `flow` message ended in `status` after `nanoseconds` (connector calls included).
    func attemptFinished(flow: FlowKind, status: Message.Status, nanoseconds: UInt64) {
        let key = Key(flow: flow.rawValue, outcome: status.rawValue)
        let counter = finished.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = Counter(label: "flow_messages_finished_total", dimensions: [("flow", key.flow), ("outcome", key.outcome)],
                                  factory: factory)
            cache[key] = counter
            return counter
        }
        counter.increment()
        let timer = durations.withLock { cache in
            if let timer = cache[key.flow] { return timer }
            let timer = Timer(label: "flow_attempt_duration_seconds", dimensions: [("flow", key.flow)], factory: factory)
            cache[key.flow] = timer
            return timer
        }
        timer.recordNanoseconds(Int64(clamping: nanoseconds))
    }
}
