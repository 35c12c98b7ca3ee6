public import Connectors
import Foundation

/// `file-drop`: the legacy CSV import on a schedule (issue 6 §5). ``FileDropIntake`` turns each
/// good file's rows into the canonical records the other templates already move, so this step
/// only sends each to the step that knows it: an item master row (`item`) to
/// ``CatalogPublishStep``, a stock row (`stock-level`) to ``InventorySyncStep`` with the flow's
/// own safety stock and locations. The hub's ownership rules apply as for any source: the
/// customer makes the file drop the system of record of the domains its files carry.
public struct FileDropStep: FlowStep {
    /// The template.
    public let flow = FlowKind.fileDrop

    /// Creates the step.
    public init() {}

    /// Publishes the row's record through the template that owns its kind.
    public func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        switch context.message.subject {
        case DroppedFile.itemSubject:
            return try CatalogPublishStep().process(context)
        case DroppedFile.stockSubject:
            return try InventorySyncStep().process(context)
        case DroppedFile.fileSubject:
            // An operator retried a file's own message (a rejected file): its rows were never
            // taken, so there is nothing to send; the corrected file must be dropped again.
            throw ConnectorError.business("\(context.message.reference ?? "The file") is not taken row by row from its message; "
                                          + "correct the file and drop it again.", subject: context.message.reference)
        default:
            return .skipped(reason: "The file drop flow does not take \(context.message.subject) messages.")
        }
    }
}
