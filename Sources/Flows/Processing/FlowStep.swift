public import Connectors
public import Foundation
public import Postgres
public import Tenancy

/// One flow template's work on one message, as a small Swift step (DESIGN.md "The hub and the
/// flows": templates are data plus small steps). Steps call the systems and nothing else: the
/// processor around them records attempts, outcomes and retries.
public protocol FlowStep: Sendable {
    /// The template the step belongs to.
    var flow: FlowKind { get }
    /// Processes one message: reads its payload and writes to the target system idempotently,
    /// so a retry or replay never creates a second record.
    /// - Throws: the connector's classed error: transient → retried, business → the exception
    ///   queue, permanent → the message is dead and the connection paused.
    func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult
}

/// What a step is given.
public struct FlowStepContext: Sendable {
    /// The message.
    public var message: Message
    /// The flow as the customer configured it.
    public var flow: CustomerFlow
    /// The connector of the flow's source connection, when it has one.
    public var source: (any Connector)?
    /// The connector of the flow's target connection, when it has one.
    public var target: (any Connector)?
    /// The database, for steps that keep state in the hub.
    let database: TenantDatabase

    /// Runs `body` in a short transaction in the message's partner scope — never around a call
    /// to a system. What the database refuses becomes the step's error: a hub refusal or an
    /// invalid record is the business exception it describes; anything else is transient.
    public func transaction<Result>(_ body: (PostgresConnection) throws -> Result) throws(ConnectorError) -> Result {
        do {
            return try database.transaction(.partner(message.partnerID), body)
        } catch let error as ConnectorError {
            throw error
        } catch let refusal as HubRefusal {
            throw ConnectorError.business(refusal.description, subject: message.reference)
        } catch let invalid as HubInvalidRecord {
            throw ConnectorError.business(invalid.description, subject: message.reference)
        } catch {
            throw ConnectorError.transient("The database did not answer: \(error)")
        }
    }

    /// The hub scope of the message: its customer and environment.
    public var hubScope: HubScope {
        HubScope(partnerID: message.partnerID, customerID: message.customerID, environment: message.environmentKind)
    }
}

/// What a step did.
public enum FlowStepResult: Sendable {
    /// Written: what was sent (or answered) and the record's ids in the target system.
    case delivered(output: MessagePayload?, externalIDs: [MessageExternalID])
    /// Nothing to do, and why (already applied; filtered out by the flow's rules).
    case skipped(reason: String)
}
