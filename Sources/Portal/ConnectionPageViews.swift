import Connectors
import Flows
import Foundation

// The views of the connection pages (`connection-new`, `connection`) and the connections
// section of the customer page. The form is built from the connector's descriptor, so a new
// connector needs no new template.

/// One field of a connection form: an input, a select or a text area, as the descriptor says.
struct ConnectionFieldView: Sendable, Equatable {
    let input: FormFieldView?
    let select: SelectFieldView?
    let textArea: TextAreaView?

    /// The field for `field`. `value` is what to show (never a secret's); `hasStoredSecret`
    /// says a secret is already stored, so an empty input keeps it.
    init(_ field: ConnectionField, value: String?, errorMessage: String?, hasStoredSecret: Bool = false) {
        var hint = field.help
        if field.isSecret && hasStoredSecret { hint += " A value is stored: leave empty to keep it." }
        if let defaultValue = field.defaultValue, !field.isSecret { hint += " Default: \(defaultValue)." }
        let required = field.isRequired && field.defaultValue == nil && !hasStoredSecret
        switch field.kind {
        case .choice(let options):
            input = nil
            select = SelectFieldView(name: field.name, label: field.label, choices: options.map { ($0, $0) },
                                     selected: value ?? field.defaultValue, errorMessage: errorMessage, hint: hint)
            textArea = nil
        case .multilineSecret:
            input = nil
            select = nil
            textArea = TextAreaView(name: field.name, label: field.label, value: nil, errorMessage: errorMessage,
                                    isRequired: required, hint: hint)
        case .secret:
            input = FormFieldView(name: field.name, label: field.label, inputType: "password", value: nil,
                                  autocomplete: "new-password", errorMessage: errorMessage, isRequired: required, hint: hint)
            select = nil
            textArea = nil
        case .url:
            input = FormFieldView(name: field.name, label: field.label, inputType: "url", value: value,
                                  errorMessage: errorMessage, isRequired: required, hint: hint)
            select = nil
            textArea = nil
        case .integer:
            input = FormFieldView(name: field.name, label: field.label, inputType: "number", value: value,
                                  errorMessage: errorMessage, isRequired: required, hint: hint)
            select = nil
            textArea = nil
        case .text:
            input = FormFieldView(name: field.name, label: field.label, value: value, errorMessage: errorMessage,
                                  isRequired: required, hint: hint)
            select = nil
            textArea = nil
        }
    }
}

/// A labelled `<textarea>` (a PEM key), as `partials/textarea.mustache` renders it.
struct TextAreaView: Sendable, Equatable {
    let name: String
    let label: String
    let value: String?
    let errorMessage: String?
    let isRequired: Bool
    let hint: String?
}

/// A connection in the customer page's list.
struct ConnectionRowView: Sendable, Equatable {
    let name: String
    let path: String
    let connectorName: String
    let environmentName: String
    let isPaused: Bool
    let lastTest: String?
    let lastTestFailed: Bool
}

/// The customer page's connections section.
struct ConnectionsSectionView: Sendable, Equatable {
    let rows: [ConnectionRowView]
    /// The "Connect a system" chooser, for those who may.
    let chooser: ConnectionChooserView?
}

/// Environment and connector selects that lead to the new-connection form.
struct ConnectionChooserView: Sendable, Equatable {
    let action: String
    let environmentSelect: SelectFieldView
    let kindSelect: SelectFieldView
}

/// `connection-new`: the descriptor's form for one environment.
struct NewConnectionView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let customerName: String
    let customerPath: String
    let connectorName: String
    let protocolName: String
    let environmentName: String
    let action: String
    let kind: String
    let environment: String
    let nameField: FormFieldView
    let fields: [ConnectionFieldView]
    let formError: String?
}

/// A fact on the connection page.
struct FactView: Sendable, Equatable {
    let label: String
    let value: String
}

/// What the test just run found, shown once on the page that answers the button.
struct TestOutcomeView: Sendable, Equatable {
    let succeeded: Bool
    let summary: String
    let errorClass: String?
    let upstream: String?
    let facts: [FactView]
    let elapsed: String
}

/// `connection`: one connection, its last test, and the forms that change it.
struct ConnectionDetailView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let customerName: String
    let customerPath: String
    let connectionName: String
    let connectionPath: String
    let connectorName: String
    let protocolName: String
    let environmentName: String
    let isPaused: Bool
    let pausedReason: String?
    let settings: [FactView]
    let storedSecrets: [String]
    let lastTest: String?
    let lastTestFailed: Bool
    let outcome: TestOutcomeView?
    let editing: ConnectionEditingView?
}

/// The forms on the connection page, for those who may change it.
struct ConnectionEditingView: Sendable, Equatable {
    let nameField: FormFieldView
    let fields: [ConnectionFieldView]
    let pauseField: FormFieldView?
    let formError: String?
}
