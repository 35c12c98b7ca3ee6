import Flows
import Foundation
import Monitoring
import Tenancy

/// The "right now" part of a customer's SLA dashboard.
struct SLAFlowHealth {
    let flows: [SLAFlowHealthView]
    let problems: [SLAProblemView]
    /// How many messages need attention and are not resolved, as a phrase.
    let openExceptions: String
    let latest: [SLAExceptionView]
}

// The dashboard's current flow health: each flow switched on or paused with its queue (one
// grouped query over the `messages_waiting` partial index), the open problems, and the messages
// that need attention — read as one LIMITed page of the exception queue, newest first, so a
// customer with a long history of failures costs no more than one with a few.
extension PortalRoutes {
    func flowHealth(_ customerID: UUID, _ visit: PortalVisit) throws -> SLAFlowHealth {
        let principal = visit.principal
        let queues = try QueueState.current(partnerID: principal.partnerID, customerID: customerID, on: visit.connection)
        let flows = try CustomerFlows.list(customer: customerID, for: principal, on: visit.connection).map { flow in
            let queue = queues.first { $0.flow == flow.flow.rawValue && $0.environmentKind == flow.environmentKind.rawValue }
            return SLAFlowHealthView(name: flow.flow.displayName, environment: Self.environmentName(flow.environmentKind),
                                     isPaused: flow.status == .paused, pausedReason: flow.pausedReason,
                                     queue: SLAPages.queue(queue, now: visit.now), isBacklogged: (queue?.waiting ?? 0) > 0)
        }
        let problems = try FlowProblems.list(customer: customerID, openOnly: true, limit: 20, for: principal, on: visit.connection)
            .map { SLAProblemView(title: Self.problemTitle($0.kind), summary: $0.summary, since: PortalFormat.minute($0.openedAt)) }
        let needingAttention = try Messages.list(MessageFilter(customerID: customerID, statuses: [.exception, .dead]),
                                                 limit: Self.slaExceptionsCounted + 1, for: principal, on: visit.connection)
        let unresolved = needingAttention.prefix(Self.slaExceptionsCounted).filter { $0.resolution == nil }
        let linksMessages = !principal.role.isCustomerScoped
        return SLAFlowHealth(
            flows: flows, problems: problems,
            openExceptions: (needingAttention.count > Self.slaExceptionsCounted ? "at least " : "") + SLAFormat.count(unresolved.count),
            latest: unresolved.prefix(Self.slaLatestExceptions).map { message in
                SLAExceptionView(received: PortalFormat.minute(message.receivedAt), flow: message.flow.displayName,
                                 reference: message.reference, status: Self.statusName(message.status),
                                 error: message.lastError.map { String($0.text.prefix(160)) },
                                 path: linksMessages ? Self.path(of: message) : nil)
            })
    }
}
