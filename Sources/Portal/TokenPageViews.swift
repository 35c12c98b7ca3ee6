// The view of the `tokens` page.

/// One token in the list.
struct TokenRowView: Sendable, Equatable {
    let name: String
    /// `cpt_abcd…`: enough to recognise it, useless to use.
    let prefix: String
    let scope: String
    let createdOn: String
    let expires: String
    let lastUsed: String
    /// `Active`, `Expired` or `Revoked`.
    let state: String
    let isActive: Bool
    let revokePath: String
}

/// A token just created: its secret, shown this once.
struct IssuedTokenView: Sendable, Equatable {
    let name: String
    let plaintext: String
}

/// `tokens`: the visitor's API tokens, the form for a new one, and the new one's secret once.
struct TokensView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let tokens: [TokenRowView]
    let issued: IssuedTokenView?
    let nameField: FormFieldView
    let scopeSelect: SelectFieldView
    let lifetimeSelect: SelectFieldView
    let formError: String?
}
