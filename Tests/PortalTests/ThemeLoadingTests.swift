import Foundation
import Portal
import Testing

/// Loading themes: the checks that stop start-up, with the file and line named, and layering.
@Suite struct ThemeLoadingTests {
    private func load(_ fixture: ThemeFixture, lookupOrder: [String] = ["default"],
                      required: Set<String> = ["layout", "page"]) throws -> ThemeTemplates {
        try ThemeTemplates(themesDirectory: fixture.path, lookupOrder: lookupOrder, requiredTemplates: required)
    }

    private func loadError(_ fixture: ThemeFixture, lookupOrder: [String] = ["default"],
                           required: Set<String> = ["layout", "page"]) -> ThemeTemplateError? {
        do {
            _ = try load(fixture, lookupOrder: lookupOrder, required: required)
            return nil
        } catch let error as ThemeTemplateError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func loadsTheRepositorysDefaultThemeWithEveryPortalPage() throws {
        let templates = try ThemeTemplates(themesDirectory: repositoryThemes)
        #expect(templates.templateNames.isSuperset(of: PortalPage.requiredTemplateNames))
        #expect(templates.templateNames.contains("partials/field"))
        #expect(templates.manifest.displayName == "Counterpart")
    }

    @Test func rendersAPageInsideItsLayoutWithPartialsFromSubfolders() throws {
        let templates = try load(ThemeFixture(ThemeFixture.minimalTheme))
        let html = try templates.render(templateNamed: "page", ["name": "Ada"])
        #expect(html == "<html><title>T</title><main><p>Hello Ada</p>\n</main></html>\n")
    }

    @Test func aSyntaxErrorNamesTheFileAndLine() throws {
        var files = ThemeFixture.minimalTheme
        files["default/templates/broken.mustache"] = "<p>one</p>\n<p>two</p>\n{{#items}}<li>{{name}}</li>{{/itemz}}\n"
        let fixture = try ThemeFixture(files)
        let error = try #require(loadError(fixture))
        #expect(error.file == fixture.file("default/templates/broken.mustache"))
        #expect(error.line == 3)
        guard case .syntax = error.reason else { Issue.record("expected a syntax error, got \(error)"); return }
        #expect(error.description.hasPrefix(fixture.file("default/templates/broken.mustache") + ":3:"))
    }

    @Test func anUnclosedSectionIsASyntaxErrorInThatFile() throws {
        var files = ThemeFixture.minimalTheme
        files["default/templates/unclosed.mustache"] = "{{#items}}\n<li>{{name}}</li>\n"
        let fixture = try ThemeFixture(files)
        let error = try #require(loadError(fixture))
        #expect(error.file == fixture.file("default/templates/unclosed.mustache"))
        guard case .syntax = error.reason else { Issue.record("expected a syntax error, got \(error)"); return }
    }

    @Test func aMissingPartialFailsAtLoadNamingFileLineAndPartial() throws {
        var files = ThemeFixture.minimalTheme
        files["default/templates/page.mustache"] = "{{<layout}}{{$content}}\n\n  {{>partials/greting}}{{/content}}{{/layout}}\n"
        let fixture = try ThemeFixture(files)
        let error = try #require(loadError(fixture))
        #expect(error == ThemeTemplateError(file: fixture.file("default/templates/page.mustache"), line: 3, column: 3,
                                            reason: .missingPartial("partials/greting")))
    }

    @Test func aMissingParentLayoutFailsAtLoad() throws {
        let fixture = try ThemeFixture(["default/templates/page.mustache": "{{<frame}}{{$content}}x{{/content}}{{/frame}}"])
        let error = try #require(loadError(fixture, required: ["page"]))
        #expect(error.reason == .missingPartial("frame"))
        #expect(error.line == 1 && error.column == 1)
    }

    @Test(arguments: ["{{{name}}}", "{{&name}}", "{{%CONTENT_TYPE:TEXT}}", "{{=<% %>=}}", "{{>*dynamic}}"])
    func refusesTagsThatBypassEscapingOrChecks(tag: String) throws {
        var files = ThemeFixture.minimalTheme
        files["default/templates/partials/greeting.mustache"] = "<p>Hello</p>\n<p>\(tag)</p>\n"
        let fixture = try ThemeFixture(files)
        let error = try #require(loadError(fixture))
        #expect(error.file == fixture.file("default/templates/partials/greeting.mustache"))
        #expect(error.line == 2 && error.column == 4)
        guard case .forbiddenTag = error.reason else { Issue.record("expected a forbidden tag, got \(error)"); return }
    }

    @Test func aMailTemplateIsPlainTextAndOnlyMailTemplatesMaySaySo() throws {
        var files = ThemeFixture.minimalTheme
        files["default/templates/mail/note.mustache"] = "{{% CONTENT_TYPE: TEXT }}\nSubject: Hi {{name}}\n\n{{name}} & co\n"
        let templates = try load(try ThemeFixture(files))
        #expect(try templates.render(templateNamed: "mail/note", ["name": "Smith & <Co>"]) == "Subject: Hi Smith & <Co>\n\nSmith & <Co> & co\n",
                "text, not HTML: nothing escaped")

        files["default/templates/mail/note.mustache"] = "Subject: Hi {{name}}\n\nBody\n"
        let undeclared = try ThemeFixture(files)
        let error = try #require(loadError(undeclared))
        #expect(error.file == undeclared.file("default/templates/mail/note.mustache"))
        guard case .forbiddenTag = error.reason else { Issue.record("expected the missing pragma, got \(error)"); return }
    }

    @Test func aPartialThatIncludesItselfFailsAtLoad() throws {
        var files = ThemeFixture.minimalTheme
        files["default/templates/partials/a.mustache"] = "{{>partials/b}}"
        files["default/templates/partials/b.mustache"] = "{{#more}}{{>partials/a}}{{/more}}"
        let error = try #require(loadError(try ThemeFixture(files)))
        guard case .recursivePartial = error.reason else { Issue.record("expected a cycle, got \(error)"); return }
    }

    @Test func aRequiredPageNoThemeProvidesFailsAtLoad() throws {
        let fixture = try ThemeFixture(ThemeFixture.minimalTheme)
        let error = try #require(loadError(fixture, required: ["layout", "page", "login"]))
        #expect(error.reason == .missingTemplate("login"))
        #expect(error.file == fixture.file("default/templates/login.mustache"))
    }

    @Test func aThemeWithoutTemplatesOrManifestFailsAtLoad() throws {
        let fixture = try ThemeFixture(ThemeFixture.minimalTheme)
        #expect(loadError(fixture, lookupOrder: ["acme", "default"])?.reason == .missingTemplatesDirectory)
        var files = ThemeFixture.minimalTheme
        files["default/theme.json"] = #"{"displayName": "X"}"#
        guard case .invalidManifest = loadError(try ThemeFixture(files))?.reason else {
            Issue.record("expected an invalid manifest"); return
        }
        files["default/theme.json"] = ThemeFixture.manifest.replacingOccurrences(of: "#123456", with: "red;}body{x:y")
        guard case .invalidManifest = loadError(try ThemeFixture(files))?.reason else {
            Issue.record("expected an invalid colour to be refused"); return
        }
    }

    @Test func aThemeLayeredOverDefaultOverridesOnlyWhatItHas() throws {
        var files = ThemeFixture.minimalTheme
        files["acme/templates/partials/greeting.mustache"] = "<p>Welcome to Acme, {{name}}</p>"
        let fixture = try ThemeFixture(files)
        let layered = try load(fixture, lookupOrder: ["acme", "default"])
        #expect(try layered.render(templateNamed: "page", ["name": "Bo"]) == "<html><title>T</title><main><p>Welcome to Acme, Bo</p></main></html>\n")
        #expect(layered.files["layout"] == fixture.file("default/templates/layout.mustache"))
        #expect(layered.manifest.displayName == "Fixture")
        let plain = try load(fixture)
        #expect(try plain.render(templateNamed: "page", ["name": "Bo"]).contains("Hello Bo"))
    }

    @Test func aLayerWithoutItsOwnManifestUsesTheNextOne() throws {
        var files = ThemeFixture.minimalTheme
        files["acme/templates/partials/greeting.mustache"] = "<p>Acme</p>"
        let layered = try load(try ThemeFixture(files, withoutManifest: ["acme"]), lookupOrder: ["acme", "default"])
        #expect(layered.manifest.displayName == "Fixture")
        let error = try #require(loadError(try ThemeFixture(ThemeFixture.minimalTheme, withoutManifest: ["default"])))
        guard case .invalidManifest = error.reason else { Issue.record("expected a missing manifest, got \(error)"); return }
        #expect(error.file.hasSuffix("/default/theme.json"))
    }

    @Test func aLayerMayReferencePartialsOnlyTheDefaultHas() throws {
        var files = ThemeFixture.minimalTheme
        files["acme/templates/page.mustache"] = "{{<layout}}{{$content}}<b>{{>partials/greeting}}</b>{{/content}}{{/layout}}"
        let layered = try load(try ThemeFixture(files), lookupOrder: ["acme", "default"])
        #expect(try layered.render(templateNamed: "page", ["name": "Cy"]).contains("<b><p>Hello Cy</p>\n</b>"))
    }

    @Test func renderingAnUnknownTemplateThrows() throws {
        let templates = try load(ThemeFixture(ThemeFixture.minimalTheme))
        #expect(throws: ThemeTemplateError.self) { try templates.render(templateNamed: "nope", [String: String]()) }
    }
}
