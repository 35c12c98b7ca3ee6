import Crypto
public import Foundation
public import Postgres
public import Tenancy

extension Connections {
    static let setIngressTokenSQL = "UPDATE connections SET ingress_token_sha256 = $3 WHERE partner_id = $1 AND id = $2"

    /// Issues the token of the connection's webhook URL, `/hooks/<token>`, replacing any
    /// earlier one (whose URL stops working at once). Only its SHA-256 is stored: the token is
    /// returned this once, for the person to paste into the other system's webhook settings.
    public static func issueIngressToken(_ id: UUID, by caller: Caller, on connection: PostgresConnection) throws -> String {
        try caller.principal.require(.connectionsWrite)
        let found = try get(id, for: caller.principal, on: connection)
        let token = "cph_" + SecureRandom.token(byteCount: 32)
        _ = try connection.execute(PostgresQuery(unsafeSQL: setIngressTokenSQL, binds: [
            found.partnerID, id, SHA256.hash(Array(token.utf8)),
        ]))
        try AuditLog.record(AuditChange(action: "connection.ingress_token", partnerID: found.partnerID,
                                        customerID: found.customerID, targetType: "connection", targetID: id.uuidString),
                            by: caller, on: connection)
        return token
    }
}
