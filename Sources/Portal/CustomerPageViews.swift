import Foundation
import Tenancy

// The views of the customer pages (`customers`, `customer-new`, `customer`). Text is data:
// the templates escape all of it.

/// One row of the customer list.
struct CustomerRowView: Sendable, Equatable {
    let name: String
    let path: String
    let tierName: String
    let isSuspended: Bool
    let externalReference: String?
    let createdOn: String
}

/// `customers`: search, one page of customers, and links to the next page.
struct CustomerListView: Sendable, Equatable {
    let chrome: PageChrome
    /// The search text as typed, shown in the search box again.
    let search: String?
    let rows: [CustomerRowView]
    /// Whether the visitor may create customers (the "New customer" link).
    let canCreate: Bool
    /// The link to the following page, or nil on the last.
    let nextPage: String?
    /// The link back to the first page, when not on it.
    let firstPage: String?
}

/// `customer-new`: the creation form, kept as typed when it is refused.
struct NewCustomerView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let nameField: FormFieldView
    let tierSelect: SelectFieldView
    let referenceField: FormFieldView
    let formError: String?
}

/// An environment on the customer page.
struct EnvironmentRowView: Sendable, Equatable {
    let kindName: String
    let id: String
    let createdOn: String
}

/// What the customer brings in and costs this month, for those who may see pricing. This
/// month's figures are nil before the platform's wholesale price is in force.
struct CustomerPricingView: Sendable, Equatable {
    let price: String?
    let cost: String?
    let margin: String?
    let isLoss: Bool
    /// The same from next month, when the tier's terms or the wholesale price change then.
    let scheduled: ScheduledPricingView?
}

/// Price, cost and margin on a tier's scheduled terms.
struct ScheduledPricingView: Sendable, Equatable {
    /// `December 2026`.
    let from: String
    let price: String
    let margin: String
}

/// `customer`: one customer with its environments, tier, price and margin, and (for those
/// who may change it) the forms to edit, change tier and suspend or reactivate.
struct CustomerDetailView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let customerName: String
    let customerPath: String
    let isSuspended: Bool
    let tierName: String
    let externalReference: String?
    let createdOn: String
    let environments: [EnvironmentRowView]
    /// Price, cost and margin; nil without `pricing:read` or before the platform has set the
    /// partner's wholesale price.
    let pricing: CustomerPricingView?
    /// The forms, present when the visitor may change the customer.
    let editing: CustomerEditingView?
    /// The people to reach at the customer, in escalation order.
    let contacts: [ContactRowView]
    /// The form that adds a contact, present when the visitor may change the customer.
    let contactForm: ContactFormView?
    /// The connections section, for those who may see connections.
    let connections: ConnectionsSectionView?
    /// The customer's mappings page, for visitors who may read mappings.
    var mappingsPath: String? = nil
    /// The customer's flows page, for visitors who may see connections.
    var flowsPath: String? = nil
    /// The customer's messages, for visitors who may read them.
    var messagesPath: String? = nil
}

/// A contact on the customer page.
struct ContactRowView: Sendable, Equatable {
    let name: String
    let email: String
    let phone: String?
    let roleName: String
    /// `1st`, `2nd`… in the escalation order, or nil when never escalated to.
    let escalation: String?
    /// Where the remove form posts; nil for visitors who may not change contacts.
    let removePath: String?
}

/// The form that adds a contact, kept as typed when refused.
struct ContactFormView: Sendable, Equatable {
    let nameField: FormFieldView
    let emailField: FormFieldView
    let phoneField: FormFieldView
    let roleSelect: SelectFieldView
    let escalationField: FormFieldView
    let formError: String?
}

/// The change forms on the customer page.
struct CustomerEditingView: Sendable, Equatable {
    let nameField: FormFieldView
    let referenceField: FormFieldView
    let tierSelect: SelectFieldView
    /// `Suspend` or `Reactivate`, and the status the button sets.
    let statusAction: String
    let statusValue: String
    let formError: String?
}
