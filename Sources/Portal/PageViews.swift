// The values each `PortalPage` renders. Every form-bearing view carries the `csrfToken` for
// its hidden `_csrf` input (`CSRFToken` or `LoginCSRFCookie`). Text here is data: the
// templates escape all of it.

/// `login`: e-mail and password.
public struct LoginView: Sendable, Equatable {
    /// The token for the hidden `_csrf` field.
    public var csrfToken: String
    /// The e-mail field (value kept after a failed attempt).
    public var email: FormFieldView
    /// The password field (never echoed).
    public var password: FormFieldView
    /// The message after a failed attempt — the same for an unknown address and a wrong
    /// password, so the form does not reveal which accounts exist.
    public var formError: String?
    /// A local path to return to after signing in (checked with `Response.isSafeLocalPath`).
    public var next: String?
    /// A confirmation shown above the form (the password was changed), or nil.
    public var notice: String?

    /// The sign-in form.
    public init(csrfToken: String, email: String? = nil, formError: String? = nil, next: String? = nil,
                notice: String? = nil) {
        self.csrfToken = csrfToken
        self.email = .email(value: email)
        self.password = .password(autocomplete: "current-password")
        self.formError = formError
        self.next = next
        self.notice = notice
    }
}

/// `forgot-password`: asks for an address; after submitting, `submitted` shows the same
/// message whether or not an account exists.
public struct ForgotPasswordView: Sendable, Equatable {
    /// The token for the hidden `_csrf` field.
    public var csrfToken: String
    /// The e-mail field.
    public var email: FormFieldView
    /// Whether the request was accepted (the page then shows the neutral confirmation).
    public var submitted: Bool

    /// The form, or its confirmation when `submitted`.
    public init(csrfToken: String, email: String? = nil, emailError: String? = nil, submitted: Bool = false) {
        self.csrfToken = csrfToken
        self.email = .email(value: email, errorMessage: emailError)
        self.submitted = submitted
    }
}

/// `reset-password`: a new password twice, from a reset link.
public struct ResetPasswordView: Sendable, Equatable {
    /// The token for the hidden `_csrf` field.
    public var csrfToken: String
    /// The reset token from the link, posted back in a hidden field.
    public var resetToken: String
    /// The new password.
    public var password: FormFieldView
    /// The confirmation.
    public var confirmation: FormFieldView
    /// A message about the whole form (an expired link), or nil.
    public var formError: String?

    /// The form, with errors next to the fields they concern.
    public init(csrfToken: String, resetToken: String, passwordError: String? = nil,
                confirmationError: String? = nil, formError: String? = nil,
                passwordHint: String? = "At least 12 characters.") {
        self.csrfToken = csrfToken
        self.resetToken = resetToken
        self.password = .password(name: "password", label: "New password", autocomplete: "new-password",
                                  errorMessage: passwordError, hint: passwordHint)
        self.confirmation = .password(name: "confirmation", label: "Repeat the new password",
                                      autocomplete: "new-password", errorMessage: confirmationError)
        self.formError = formError
    }
}

/// `error`: a status and a short message, never a stack trace or internal detail.
public struct ErrorView: Sendable, Equatable {
    /// The status code shown.
    public var status: Int
    /// A one-line title (`Page not found`).
    public var title: String
    /// A sentence saying what the visitor can do.
    public var message: String
    /// The request id, so support can find the log lines; nil to leave it out.
    public var requestID: String?

    /// An error page.
    public init(status: Int, title: String, message: String, requestID: String? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.requestID = requestID
    }
}
