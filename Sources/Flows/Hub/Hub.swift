import Commerce
import Foundation
public import Postgres
import Tenancy

/// A customer's canonical state per environment (Migrations/0008; DESIGN.md "The hub and the
/// flows"): sources publish items, prices, stock and orders into it, flows fan out from it.
///
/// Writes (`publishItems`, `publishPrices`, `publishStock`, `publishOrder`) are the flow
/// engine's: they run on a connection inside the engine's transaction in the partner's scope,
/// with no person behind them, so they take a `HubScope` and a `HubSource` rather than a
/// principal. Each call is all or nothing (a savepoint): it checks that the source connection
/// is one of the scope's own, asks the system of record (`HubOwnership`) before changing
/// anything — a refused change throws `HubRefusal` and writes nothing — and answers what
/// changed per record (`HubWriteResult`). Repeating a call changes nothing and says `unchanged`.
///
/// Every change takes the next number from the scope's change log head (`hub_heads`), whose
/// row stays locked until the transaction ends: one writer per customer environment at a time,
/// so change numbers are handed out in commit order and `changes(since:)` can be followed like
/// a log without ever skipping a change committed late.
public enum Hub {
    // The source must be one of the scope's connections, of the system it claims to be.
    static let sourceSQL = """
        SELECT kind FROM connections WHERE partner_id = $1 AND customer_id = $2 AND environment_kind = $3 AND id = $4
        """
    // Creates the head on first use; the no-op update locks it until the transaction ends.
    static let lockHeadSQL = """
        INSERT INTO hub_heads (partner_id, customer_id, environment) VALUES ($1, $2, $3)
        ON CONFLICT (partner_id, customer_id, environment) DO UPDATE SET last_seq = hub_heads.last_seq
        RETURNING last_seq
        """
    static let headSQL = "SELECT last_seq FROM hub_heads WHERE partner_id = $1 AND customer_id = $2 AND environment = $3"

    /// The most records one publish call takes; flows send larger batches in pieces so one
    /// customer's batch never holds the hub for long.
    public static let maximumBatch = 1_000

    /// The change number of the scope's latest change; 0 before the first. A follower starting
    /// now reads `changes(since:)` this number.
    public static func lastChangeSeq(in scope: HubScope, on connection: PostgresConnection) throws -> Int64 {
        try connection.query(PostgresQuery(unsafeSQL: headSQL, binds: scope.binds)).first?.decode(Int64.self, at: 0) ?? 0
    }

    /// Runs one publish call: under a savepoint, so a refusal or an error leaves nothing of the
    /// call behind even when the caller catches it; with the source checked and the scope's
    /// head locked before anything is read, so what is read is what the write replaces.
    static func publishing<Result>(_ count: Int, from source: HubSource, in scope: HubScope, on connection: PostgresConnection,
                                   _ body: (PostgresConnection, SystemOfRecord) throws -> Result) throws -> Result {
        guard count <= maximumBatch else {
            throw TenancyError.invalid("records", "at most \(maximumBatch) records per call; \(count) were given")
        }
        return try connection.transaction { connection in
            try checkSource(source, in: scope, on: connection)
            _ = try connection.query(PostgresQuery(unsafeSQL: lockHeadSQL, binds: scope.binds))
            return try body(connection, HubOwnership.current(in: scope, on: connection))
        }
    }

    static func checkSource(_ source: HubSource, in scope: HubScope, on connection: PostgresConnection) throws {
        let kind = try connection.query(PostgresQuery(unsafeSQL: sourceSQL, binds: scope.binds + [source.connectionID]))
            .first?.decode(String.self, at: 0)
        guard kind == source.system.rawValue else {
            throw TenancyError.invalid("source", "connection \(source.connectionID.uuidString.lowercased()) is not a "
                                       + "\(source.system.rawValue) connection of this customer's \(scope.environment.rawValue) environment")
        }
    }

    /// Refuses a record that breaks Commerce's rules: the hub holds only valid canonical records.
    static func requireValid(_ record: some Validatable, domain: HubDomain, key: String) throws {
        let problems = record.validate()
        guard problems.isEmpty else { throw HubInvalidRecord(domain: domain, key: key, problems: problems) }
    }

    /// Links the ids `record` carries in the source's own system to the record's key, so the
    /// record can be found by them at once ("where is order 123?").
    static func linkOwnIDs(_ externalIDs: [ExternalID], entity: HubEntity, key: String, from source: HubSource,
                           in scope: HubScope, on connection: PostgresConnection) throws {
        for externalID in externalIDs where externalID.system == source.system {
            _ = try HubCrossReferences.link(entity, key: key, to: externalID.id, from: source, in: scope, on: connection)
        }
    }
}
