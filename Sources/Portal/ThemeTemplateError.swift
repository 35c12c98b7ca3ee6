/// Why a theme's templates could not be loaded, with the file (and, where known, the line and
/// column) a person has to open to fix it. Start-up stops on any of these.
public struct ThemeTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Sendable, Equatable {
        /// A theme in the lookup order has no `templates/` directory, or it cannot be listed.
        case missingTemplatesDirectory
        /// The file could not be read or is not UTF-8.
        case unreadable
        /// swift-mustache refused the syntax; the text names its parser error.
        case syntax(String)
        /// A `{{>partial}}` or `{{<parent}}` names a template no theme in the lookup order has.
        case missingPartial(String)
        /// A chain of partials leads back to where it started: rendering would never end.
        case recursivePartial(String)
        /// A tag themes may not use (see `TemplateTagScanner`); the text says which and why.
        case forbiddenTag(String)
        /// A template the portal renders is in no theme of the lookup order.
        case missingTemplate(String)
        /// `theme.json` is missing or does not decode; the text says what the decoder saw.
        case invalidManifest(String)
        /// `render` was asked for a template name that was not loaded.
        case unknownTemplate(String)
    }

    /// The path of the file or directory at fault.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// What is wrong.
    public var reason: Reason

    /// An error about `file`.
    public init(file: String, line: Int? = nil, column: Int? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `path:line:column: message`, the form editors and terminals link to.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let line, let column, line > 0 { location += ":\(column)" }
        let message = switch reason {
        case .missingTemplatesDirectory: "theme has no templates directory"
        case .unreadable: "template cannot be read as UTF-8 text"
        case .syntax(let detail): "Mustache syntax error: \(detail)"
        case .missingPartial(let name): "partial or parent template \"\(name)\" does not exist in any theme of the lookup order"
        case .recursivePartial(let name): "partial \"\(name)\" includes itself, directly or through others"
        case .forbiddenTag(let detail): "tag not allowed in themes: \(detail)"
        case .missingTemplate(let name): "template \"\(name)\" is required by the portal but no theme provides it"
        case .invalidManifest(let detail): "theme.json is invalid: \(detail)"
        case .unknownTemplate(let name): "no template named \"\(name)\" was loaded"
        }
        return "\(location): \(message)"
    }
}
