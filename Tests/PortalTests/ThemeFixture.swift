import Foundation

/// A themes directory in a fresh temporary folder, removed when the fixture goes away, so
/// tests can write broken themes without touching each other or the real one.
final class ThemeFixture {
    let root: URL

    /// A themes folder holding `files` (paths relative to it, e.g. `default/templates/x.mustache`).
    /// Each theme named in a path gets a valid `theme.json` unless `files` has one or the theme
    /// is in `withoutManifest`.
    init(_ files: [String: String], withoutManifest: Set<String> = []) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-themes-\(UUID().uuidString)")
        var themes: Set<String> = []
        for (path, text) in files {
            try write(path, text)
            themes.insert(String(path.split(separator: "/")[0]))
        }
        for theme in themes.subtracting(withoutManifest) where files["\(theme)/theme.json"] == nil {
            try write("\(theme)/theme.json", Self.manifest)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var path: String { root.path }

    /// The full path of a file in the fixture, as errors name it.
    func file(_ relative: String) -> String { root.appendingPathComponent(relative).standardizedFileURL.path }

    private func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static let manifest = """
        {"displayName": "Fixture", "logo": "/assets/x/logo.svg",
         "colours": {"primary": "#123456", "onPrimary": "#fff", "background": "#ffffff", "text": "#000", "error": "#a00"},
         "fonts": {"body": "serif", "heading": "serif"}}
        """

    /// A small valid theme: a layout, one page, one partial.
    static let minimalTheme: [String: String] = [
        "default/templates/layout.mustache": "<html><title>{{$title}}{{/title}}</title><main>{{$content}}{{/content}}</main></html>\n",
        "default/templates/page.mustache": "{{<layout}}{{$title}}T{{/title}}{{$content}}{{>partials/greeting}}{{/content}}{{/layout}}",
        "default/templates/partials/greeting.mustache": "<p>Hello {{name}}</p>\n",
    ]
}

/// The repository's `Themes` folder.
let repositoryThemes = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Themes").path
