public import Foundation

/// What one rule found wrong for one subject at one evaluation: the thing an alert is about
/// (a customer, a customer's flow, a connection) and what was measured.
public struct AlertSubject: Sendable, Hashable {
    /// The customer.
    public var customerID: UUID
    /// The flow, or nil when the subject is the customer as a whole.
    public var flow: String?
    /// What people call the subject (`order-to-erp`, the connection's name); part of the
    /// de-duplication key, so two paused connections are two alerts.
    public var name: String
    /// What was measured (a percent, minutes, a count).
    public var value: Decimal
    /// One sentence saying it, for mail, chat and pages.
    public var summary: String

    /// Creates a subject.
    public init(customerID: UUID, flow: String?, name: String, value: Decimal, summary: String) {
        self.customerID = customerID
        self.flow = flow
        self.name = name
        self.value = value
        self.summary = summary
    }
}
