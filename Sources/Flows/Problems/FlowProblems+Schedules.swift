public import Foundation
public import Jobs
import Postgres

extension FlowProblems {
    static let flowOfScheduleSQL = "SELECT customer_id, environment_id, flow FROM customer_flows WHERE partner_id = $1 AND id = $2"

    /// Raises a flow's missed runs as a problem on the flow: the scheduler's hook
    /// (`JobScheduleMiss.Handler`), run in its transaction in the platform scope. Schedules that
    /// are not a flow's (`flow:<id>:<what>`, FlowSchedules) are left to their owners.
    public static let raiseMissedSchedule: JobScheduleMiss.Handler = { miss, connection in
        let parts = miss.scheduleName.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "flow", let flowID = UUID(uuidString: String(parts[1])),
              let row = try connection.query(PostgresQuery(unsafeSQL: flowOfScheduleSQL, binds: [miss.partnerID, flowID])).first else {
            return
        }
        let (customerID, environmentID, flow) = try row.decode((UUID, UUID, String).self)
        let what = String(parts[2])
        try raise(RaisedProblem(customerID: customerID, environmentID: environmentID, flowID: flowID, kind: .scheduleMissed,
                                detailKey: what, summary: summary(of: miss, what: what, flow: FlowKind(rawValue: flow))),
                  partnerID: miss.partnerID, at: miss.detectedAt, on: connection)
    }

    /// Resolves a flow's missed-schedule problem once its run has happened.
    static func clearMissedSchedule(_ what: String, flow flowID: UUID, partnerID: UUID, at now: Date,
                                    on connection: PostgresConnection) throws {
        try clear([.scheduleMissed], flow: flowID, detailKey: what, partnerID: partnerID,
                  resolution: "The \(runName(what)) ran again at \(timestamp(now)) UTC.", at: now, on: connection)
    }

    static func summary(of miss: JobScheduleMiss, what: String, flow: FlowKind) -> String {
        let runs = miss.count == 1 ? "The run due at \(timestamp(miss.firstMissedAt)) UTC was"
            : "\(miss.count) runs due between \(timestamp(miss.firstMissedAt)) and \(timestamp(miss.lastMissedAt)) UTC were"
        return "\(flow.displayName): the \(runName(what)) did not run when due. \(runs) missed "
            + "(no scheduler was running: every worker was down or the database out of reach). "
            + "The latest ran late, and it reads on from where the last one stopped, so nothing was skipped."
    }

    static func runName(_ what: String) -> String {
        switch what {
        case "poll": "poll"
        case "compare": "full stock comparison"
        case "watch": "webhook check"
        case "files": "pick-up of dropped files"
        case "reconcile": "daily reconciliation"
        default: what
        }
    }

    /// `2026-11-22 10:00` in UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
