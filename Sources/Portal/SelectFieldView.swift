/// A labelled `<select>` with its error message, as `partials/select.mustache` renders it.
/// Like `FormFieldView`, its names are distinct from the page views' so Mustache never finds
/// a page's value in place of a missing field's.
struct SelectFieldView: Sendable, Equatable {
    /// One `<option>`.
    struct Option: Sendable, Equatable {
        /// The submitted value.
        let value: String
        /// The text shown.
        let label: String
        /// Whether it is the chosen one.
        let isSelected: Bool
    }

    /// The form field name, also the base of the element's `id`.
    let name: String
    /// The visible label, bound with `for`.
    let label: String
    /// The options in order.
    let options: [Option]
    /// The error for this field, or nil.
    let errorMessage: String?
    /// An extra hint under the label, or nil.
    let hint: String?

    /// A select of `choices` (value, label) with `selected` chosen.
    init(name: String, label: String, choices: [(value: String, label: String)], selected: String?,
         errorMessage: String? = nil, hint: String? = nil) {
        self.name = name
        self.label = label
        self.options = choices.map { Option(value: $0.value, label: $0.label, isSelected: $0.value == selected) }
        self.errorMessage = errorMessage
        self.hint = hint
    }
}
