import Flows
import Testing

/// The path language: what it reads, what it refuses, and where a refusal points.
@Suite struct SourcePathTests {
    @Test func readsMembersIndexesSelectorsAndQuotedNames() throws {
        #expect(try SourcePath(parsing: "billing.country").steps == [.member("billing"), .member("country")])
        #expect(try SourcePath(parsing: "line_items[*].sku").steps == [.member("line_items"), .each, .member("sku")])
        #expect(try SourcePath(parsing: "line_items[0][2]").steps == [.member("line_items"), .index(0), .index(2)])
        #expect(try SourcePath(parsing: "meta_data[key=_pos_store].value").steps
                == [.member("meta_data"), .match(key: "key", value: "_pos_store"), .member("value")])
        #expect(try SourcePath(parsing: #""Item No"."a\"b""#).steps == [.member("Item No"), .member(#"a"b"#)])
        #expect(try SourcePath(parsing: #"rows[name="a]b"]"#).steps == [.member("rows"), .match(key: "name", value: "a]b")])
    }

    @Test func printsThePathInItsCanonicalSpellingWhichReadsBackTheSame() throws {
        for text in ["billing.country", "line_items[*].sku", "meta_data[key=_pos_store].value", #""Item No""#, #"a[k=""]"#,
                     #"rows[name="a]b"].x"#] {
            let path = try SourcePath(parsing: text)
            #expect(path.description == text)
            #expect(try SourcePath(parsing: path.description) == path)
        }
    }

    @Test(arguments: [
        ("", 1, "expected a field name"),
        ("a..b", 3, "expected a field name, found '.'"),
        ("line_items[*.sku", 13, "expected ']', found '.'"),
        ("a[", 3, "expected '*', an index or key=value after '['"),
        ("a[key]", 6, "expected '=' after the key, found ']'"),
        ("a[key=]", 7, "expected a value after '='; write \"\" for an empty one"),
        ("Item No", 5, "white space in a name; put the name in double quotes"),
        (#""Item No"#, 1, "the quote opened here is never closed"),
        ("a]b", 2, "expected '.' or '[' after a field name, found ']'"),
        ("a[*].b[*]", 8, "only one [*] is allowed: lists nest one level"),
        ("a.", 3, "expected a field name after '.'"),
    ])
    func refusesUnknownSyntaxNamingThePosition(text: String, position: Int, reason: String) {
        #expect(throws: SourcePathError(position: position, reason: reason)) { try SourcePath(parsing: text) }
    }

    @Test func refusesPathsLongerThanTheLimit() {
        #expect(throws: SourcePathError.self) { try SourcePath(parsing: String(repeating: "a.", count: 300) + "a") }
    }
}
