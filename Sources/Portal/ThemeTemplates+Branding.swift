extension ThemeTemplates {
    /// The name pages show where no partner may be named: a host that names no partner, or a
    /// suspended one. Neither the platform's brand nor any partner's: a white-label customer
    /// who mistypes their portal's address must not learn who runs it, nor see someone else.
    public static let neutralDisplayName = "Portal"

    /// These templates with the layout's name (`theme.displayName`) replaced by `displayName`,
    /// so each partner's pages carry the partner's name rather than the theme's.
    public func branded(displayName: String) -> ThemeTemplates {
        var copy = self
        copy.manifest.displayName = displayName
        return copy
    }

    /// These templates branded for nobody (`neutralDisplayName`).
    public var neutral: ThemeTemplates { branded(displayName: Self.neutralDisplayName) }
}
