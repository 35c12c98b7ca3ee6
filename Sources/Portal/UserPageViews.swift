// The view of the `users` page.

/// One user in the list, with the forms that change them when the visitor may.
struct UserRowView: Sendable, Equatable {
    let name: String
    let email: String
    let roleName: String
    /// The customer a customer viewer belongs to, by name.
    let customerName: String?
    let isDisabled: Bool
    /// `Invited` until a password is set, then the last sign-in.
    let lastSignIn: String
    /// Where the row's forms post (`/users/<id>`); nil when the visitor may not change this user
    /// (no `users:write`, a role above theirs, or themselves — nobody locks themselves out).
    let changePath: String?
    let roleSelect: SelectFieldView?
    let statusAction: String
    let statusValue: String
}

/// `users`: the partner's people and the invitation form.
struct UsersView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let users: [UserRowView]
    /// The invitation form; nil without `users:write`.
    let invitation: InvitationFormView?
}

/// The invitation form, kept as typed when refused.
struct InvitationFormView: Sendable, Equatable {
    let emailField: FormFieldView
    let nameField: FormFieldView
    let roleSelect: SelectFieldView
    /// For customer viewers: which customer they see.
    let customerSelect: SelectFieldView
    let formError: String?
}
