@testable import Portal
import Testing

/// Finding partial references and forbidden tags, with positions, in template text.
@Suite struct TemplateTagScannerTests {
    @Test func findsReferencesWithLineAndColumn() {
        let findings = TemplateTagScanner.scan("<p>{{>a}}</p>\n  {{< layout }}{{$x}}y{{/x}}{{/layout}}\n")
        #expect(findings == [
            .init(kind: .reference("a"), line: 1, column: 4),
            .init(kind: .reference("layout"), line: 2, column: 3),
        ])
    }

    @Test func ignoresVariablesSectionsAndCommentsButCountsTheirLines() {
        let findings = TemplateTagScanner.scan("{{name}}{{#s}}{{/s}}{{! a\nmulti-line {{comment }}\n{{>p}}")
        #expect(findings == [.init(kind: .reference("p"), line: 3, column: 1)])
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(TemplateTagScanner.scan("é€{{&x}}").first?.column == 3)
    }

    @Test func reportsEveryForbiddenKind() {
        let findings = TemplateTagScanner.scan("{{{a}}}{{&b}}{{%CONTENT_TYPE:TEXT}}{{=<% %>=}}")
        #expect(findings.count == 4)
        #expect(findings.allSatisfy { if case .forbidden = $0.kind { true } else { false } })
    }
}
