public import Connectors
public import Foundation
public import Postgres
public import Tenancy

extension Connections {
    /// Pauses a connection after a permanent error from its system and raises it (issue 6 §6,
    /// §8): rejected credentials (HTTP 401/403) are `credentials_rejected`, any other permanent
    /// error `connection_rejected`. Every flow on the connection holds its work, visibly, until
    /// someone fixes the cause and resumes it, which clears the problem. In the caller's
    /// transaction; a connection already paused keeps its first reason.
    public static func pauseAfterRejection(_ id: UUID, error: ConnectorError, flow flowID: UUID?, by caller: Caller, at now: Date,
                                           on connection: PostgresConnection) throws {
        let found = try get(id, for: caller.principal, on: connection)
        let credentials = [401, 403].contains(error.upstream?.status)
        let reason = String(((credentials ? "Paused: the system rejected the credentials. " : "Paused after a permanent error: ")
            + error.message).prefix(1000))
        if found.status == .active {
            _ = try pause(id, reason: reason, by: caller, on: connection)
        }
        try FlowProblems.raise(RaisedProblem(customerID: found.customerID, environmentID: found.environmentID, flowID: flowID,
                                             connectionID: id, kind: credentials ? .credentialsRejected : .connectionRejected,
                                             summary: "\(found.name): \(reason) Fix the cause (new credentials, access "
                                                 + "restored), then resume the connection; its messages wait meanwhile."),
                               partnerID: found.partnerID, at: now, on: connection)
    }
}
