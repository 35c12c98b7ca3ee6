// The views of the mapping pages (`mappings`, `mapping`). Text is data: the templates escape
// all of it. Row views name their members apart from the page's (`rowErrors`, not
// `formError`), because Mustache looks a missing name up in the enclosing context.

/// One flow on a customer's mappings page.
struct MappingFlowRowView: Sendable, Equatable {
    let name: String
    /// The records its mapping fills (`Order`).
    let records: String
    let editorPath: String
    /// `Version 3`, or nil before the first save.
    let version: String?
    let savedOn: String?
    let savedBy: String?
}

/// One lookup table on a customer's mappings page.
struct LookupTableRowView: Sendable, Equatable {
    let name: String
    let rowCount: String
    let importedOn: String
    let importedBy: String
}

/// The lookup table upload form, with the problems of a refused file line by line.
struct LookupUploadView: Sendable, Equatable {
    let formPath: String
    let nameField: FormFieldView
    let fileError: String?
    let lineProblems: [String]
    let hasLineProblems: Bool
    let formError: String?
}

/// `mappings`: a customer's flows with their current mapping versions, and its lookup tables.
struct MappingsView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let customerName: String
    let customerPath: String
    let flows: [MappingFlowRowView]
    let tables: [LookupTableRowView]
    let hasTables: Bool
    /// The upload form, for visitors who may write mappings.
    let upload: LookupUploadView?
}

/// An `<option>` of a row's select.
struct RowOptionView: Sendable, Equatable {
    let optionValue: String
    let optionLabel: String
    let isChosen: Bool
}

/// One field rule row of the editor.
struct FieldRowView: Sendable, Equatable {
    /// The number in the input names (`field_source_3`).
    let index: Int
    /// The number people read (row 4).
    let number: Int
    let targets: [RowOptionView]
    let source: String
    let transforms: String
    let defaultValue: String
    let rowErrors: [String]
    let hasErrors: Bool
}

/// One validation rule row of the editor.
struct RuleRowView: Sendable, Equatable {
    let index: Int
    let number: Int
    let fields: [RowOptionView]
    let checks: [RowOptionView]
    let argument: String
    let rowErrors: [String]
    let hasErrors: Bool
}

/// One value map of the editor.
struct ValueMapRowView: Sendable, Equatable {
    let index: Int
    let number: Int
    let name: String
    let entries: String
    let fallback: String
    let rowErrors: [String]
    let hasErrors: Bool
}

/// A canonical field in the editor's reference list.
struct TargetFieldView: Sendable, Equatable {
    let path: String
    let typeName: String
    let summary: String
}

/// One mapped value of a preview.
struct PreviewValueView: Sendable, Equatable {
    let path: String
    let valueText: String
}

/// One problem of a preview.
struct PreviewProblemView: Sendable, Equatable {
    let path: String
    let rule: String
    let message: String
}

/// What the mapping made of the sample record, unsaved.
struct MappingPreviewView: Sendable, Equatable {
    let values: [PreviewValueView]
    let problems: [PreviewProblemView]
    let isClean: Bool
    /// The canonical record as indented JSON.
    let recordJSON: String
}

/// One saved version in the editor's history.
struct VersionRowView: Sendable, Equatable {
    let version: Int
    let savedOn: String
    let author: String
    let note: String?
    /// `restored version 2`, or nil.
    let restored: String?
    let viewPath: String
    /// Where the restore form posts; nil for the current version and for visitors who may
    /// not write.
    let restorePath: String?
    let isCurrent: Bool
}

/// `mapping`: one flow's mapping as editable rows, a preview against a sample record, and the
/// version history.
struct MappingEditorView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let customerName: String
    let mappingsPath: String
    let flowName: String
    let formPath: String
    /// `Version 3, saved 22 Nov 2026 by ada@example.com`, or that none is saved yet.
    let versionSummary: String
    /// Set when an older version is loaded into the editor.
    let olderVersionNotice: String?
    let basedOn: String?
    let canSave: Bool
    /// The record choice when the flow maps more than one kind; else nil and `recordName`.
    let recordSelect: SelectFieldView?
    let recordName: String
    let recordValue: String
    let timeZoneField: FormFieldView
    let fieldRows: [FieldRowView]
    let ruleRows: [RuleRowView]
    let mapRows: [ValueMapRowView]
    let sample: String
    let sampleError: String?
    let noteField: FormFieldView
    let formError: String?
    let preview: MappingPreviewView?
    let versions: [VersionRowView]
    let targetFields: [TargetFieldView]
}
