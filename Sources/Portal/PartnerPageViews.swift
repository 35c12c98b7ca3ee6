// The views of the platform admin's pages (`partners`, `partner`).

/// One partner in the platform's list.
struct PartnerRowView: Sendable, Equatable {
    let name: String
    let path: String
    let host: String
    let isSuspended: Bool
    /// The wholesale price in force, or `Not set`.
    let wholesale: String
}

/// `partners`: every reseller partner, and the form that adds one.
struct PartnersView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let partners: [PartnerRowView]
    let slugField: FormFieldView
    let nameField: FormFieldView
    let domainField: FormFieldView
    let formError: String?
}

/// `partner`: one partner, its wholesale price (in force and scheduled) with the form that
/// sets next month's, suspending, and inviting its first admin.
struct PartnerDetailView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let partnerName: String
    let partnerPath: String
    let host: String
    let isSuspended: Bool
    let statusAction: String
    let statusValue: String
    let wholesaleNow: String
    let wholesaleScheduled: String?
    let appliesFrom: String
    let perCustomerField: FormFieldView
    let currencySelect: SelectFieldView
    let perThousandField: FormFieldView
    let adminEmailField: FormFieldView
    let adminNameField: FormFieldView
    let formError: String?
}
