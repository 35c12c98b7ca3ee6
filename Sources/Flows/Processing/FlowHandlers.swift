public import Foundation
public import Jobs
public import Tenancy

/// The job handlers the flows run on, as App registers them with the worker pool.
public enum FlowHandlers {
    /// The steps this version ships, one per template it can run.
    public static let steps: [any FlowStep] = [
        OrderToERPStep(), InventorySyncStep(), CatalogPublishStep(), ReturnsStep(), FulfillmentStatusStep(), FileDropStep(),
    ]

    /// Moving messages, polling feeds, taking dropped files, the inventory comparison, the daily
    /// reconciliation and the webhook watch, sharing one connector cache.
    public static func standard(database: TenantDatabase, catalog: ConnectorCatalog, secretBox: SecretBox?,
                                now: @escaping @Sendable () -> Date = { Date() },
                                metrics: FlowMetrics = FlowMetrics()) -> [any JobHandler] {
        let connectors = ConnectorCache()
        return [
            MessageProcessor(database: database, catalog: catalog, secretBox: secretBox, steps: steps, connectors: connectors, now: now,
                             metrics: metrics),
            FlowPoller(database: database, catalog: catalog, secretBox: secretBox, connectors: connectors, now: now),
            FileDropIntake(database: database, catalog: catalog, secretBox: secretBox, connectors: connectors, now: now),
            InventoryComparison(database: database, catalog: catalog, secretBox: secretBox, now: now),
            WebhookWatch(database: database, catalog: catalog, secretBox: secretBox, connectors: connectors, now: now),
            Reconciliation(database: database, catalog: catalog, secretBox: secretBox, now: now),
        ]
    }

    /// Raises the missed runs of flows' schedules (the worker pool's `onScheduleMiss`).
    public static let scheduleMisses: JobScheduleMiss.Handler = FlowProblems.raiseMissedSchedule
}
