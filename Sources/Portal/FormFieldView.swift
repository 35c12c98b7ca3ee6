/// One labelled input with its error message, as `partials/field.mustache` renders it.
///
/// Property names are deliberately distinct from the page views' (`errorMessage` here,
/// `formError` there): Mustache looks a missing name up in the enclosing context, so a
/// field without an error must not find the page's error instead.
public struct FormFieldView: Sendable, Equatable {
    /// The form field name, also the base of the input's `id`.
    public var name: String
    /// The visible label, bound to the input with `for`.
    public var label: String
    /// The input type (`email`, `password`, `text`).
    public var inputType: String
    /// The value to show again after a failed submit; nil for passwords, which are never echoed.
    public var value: String?
    /// The `autocomplete` token (`email`, `current-password`, `new-password`), so password
    /// managers fill the right field (HTML §4.10.18.7.1).
    public var autocomplete: String
    /// The error for this field, shown next to it and linked with `aria-describedby`.
    public var errorMessage: String?
    /// Whether the browser should insist on a value before submitting.
    public var isRequired: Bool
    /// An extra hint under the label (password rules), or nil.
    public var hint: String?

    /// A field.
    public init(name: String, label: String, inputType: String = "text", value: String? = nil,
                autocomplete: String = "off", errorMessage: String? = nil, isRequired: Bool = true, hint: String? = nil) {
        self.name = name
        self.label = label
        self.inputType = inputType
        self.value = value
        self.autocomplete = autocomplete
        self.errorMessage = errorMessage
        self.isRequired = isRequired
        self.hint = hint
    }

    /// An e-mail address field (`email`, autocomplete `username` so password managers pair it
    /// with the password).
    public static func email(value: String? = nil, errorMessage: String? = nil) -> FormFieldView {
        FormFieldView(name: "email", label: "E-mail address", inputType: "email", value: value,
                      autocomplete: "username", errorMessage: errorMessage)
    }

    /// A password field; its value is never echoed.
    public static func password(name: String = "password", label: String = "Password", autocomplete: String,
                                errorMessage: String? = nil, hint: String? = nil) -> FormFieldView {
        FormFieldView(name: name, label: label, inputType: "password", value: nil,
                      autocomplete: autocomplete, errorMessage: errorMessage, hint: hint)
    }
}
