/// `branding`: the partner's brand settings with a preview, and the logo upload.
struct BrandingView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    /// Whether this rendering is a preview of unsaved settings (the whole page wears them).
    let isPreview: Bool
    let themeSelect: SelectFieldView
    let productNameField: FormFieldView
    let primaryColourField: FormFieldView
    let accentColourField: FormFieldView
    let supportEmailField: FormFieldView
    let supportURLField: FormFieldView
    let customDomainField: FormFieldView
    let formError: String?
    /// The saved logo's address, or nil when the theme's is used.
    let logoURL: String?
    let hasUploadedLogo: Bool
    let logoError: String?
    /// `512 KiB`, `2048 × 2048`: the upload limits, said before the upload fails.
    let logoLimits: String
}
