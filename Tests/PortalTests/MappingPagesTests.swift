import Foundation
import HTTPClient
import Portal
import Postgres
import Tenancy
import Testing
import TestSupport

/// The mapping pages over HTTP: what they show, a preview that saves nothing, saves as
/// versions with their rows in PostgreSQL, problems on the rows that caused them, restore,
/// lookup tables from CSV with line-numbered errors, and who may see any of it.
@Suite struct MappingPagesTests {
    /// A mapping of three rows, a value map and a rule, as the editor posts it.
    static func editorFields(source: String = "number", note: String = "First cut", action: String = "save",
                             sample: String = "", basedOn: Int? = nil) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("record", "order"), ("time_zone", "UTC"),
            ("field_target_0", "number"), ("field_source_0", source), ("field_transforms_0", ""), ("field_default_0", ""),
            ("field_target_1", "status"), ("field_source_1", "status"), ("field_transforms_1", "trim | map order_status"),
            ("field_default_1", ""),
            ("field_target_2", "lines[].sku"), ("field_source_2", "line_items[*].sku"), ("field_transforms_2", "upper"),
            ("field_default_2", ""),
            // A blank row, as the page offers them: dropped.
            ("field_target_3", ""), ("field_source_3", ""), ("field_transforms_3", ""), ("field_default_3", ""),
            ("rule_field_0", "number"), ("rule_check_0", "required"), ("rule_argument_0", ""),
            ("rule_field_1", ""), ("rule_check_1", "required"), ("rule_argument_1", ""),
            ("map_name_0", "order_status"), ("map_entries_0", "processing = processing\ncompleted = completed"),
            ("map_fallback_0", ""),
            ("sample", sample), ("note", note), ("action", action),
        ]
        if let basedOn { fields.append(("based_on", String(basedOn))) }
        return fields
    }

    static let sample = #"{"number": "23", "status": "wc-shipped", "line_items": [{"sku": "mug-1"}, {"sku": ""}]}"#

    static func paths(_ customer: Customer) -> (customer: String, list: String, editor: String) {
        let customerPath = "/customers/\(customer.id.uuidString.lowercased())"
        return (customerPath, customerPath + "/mappings", customerPath + "/mappings/order-to-erp")
    }

    @Test func anOperatorOpensAFlowsMappingAndSavesItAsAVersionWithANote() throws {
        try PortalHarness.with { portal in
            let (browser, partner, user) = try portal.signedIn(.partnerOperator)
            let customer = try portal.makeCustomer(PortalHarness.hostileName, in: partner)
            let (customerPath, list, editor) = Self.paths(customer)
            #expect(try browser.get(customerPath).text.contains(#"href="\#(list)""#), "the customer page links to its mappings")
            let listPage = try browser.get(list)
            #expect(listPage.status == 200)
            #expect(listPage.text.contains("Orders to ERP") && listPage.text.contains("none yet"))
            #expect(listPage.text.contains(PortalHarness.escapedHostileName) && !listPage.text.contains("<script"))

            let empty = try browser.get(editor)
            #expect(empty.status == 200)
            #expect(empty.text.contains("No version saved yet"))
            #expect(empty.text.contains(#"name="field_target_2""#), "blank rows to add fields with")
            #expect(empty.text.contains(#"<input type="hidden" name="based_on" value="0">"#), "opened before any version")
            #expect(!empty.text.contains("<script"))

            let saved = try portal.submit(browser, from: editor, to: editor, Self.editorFields())
            #expect(saved.status == 303)
            #expect(saved.headers["Location"] == editor + "?notice=mapping-saved")
            let (version, note, author, targets) = try portal.db.owner.query("""
                SELECT version, note, author_email, (SELECT string_agg(f->>'target', ',') FROM jsonb_array_elements(document->'fields') f)
                FROM mapping_versions WHERE customer_id = \(customer.id) AND flow = 'order-to-erp'
                """).single().decode((Int, String, String, String).self)
            #expect(version == 1 && note == "First cut" && author == user.email)
            #expect(targets == "number,status,lines[].sku", "the blank row is dropped")
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE action = 'mapping.save' AND customer_id = \(customer.id)") == 1)

            let reopened = try browser.get(editor + "?notice=mapping-saved").text
            #expect(reopened.contains(#"role="status""#))
            #expect(reopened.contains("Version 1, saved"))
            #expect(reopened.contains(#"value="trim | map order_status""#), "the pipeline comes back in its notation")
            #expect(reopened.contains("processing = processing\ncompleted = completed"))
            #expect(try browser.get(list).text.contains("Version 1"))
        }
    }

    @Test func previewShowsTheMappedFieldsAndProblemsOfTheSampleAndSavesNothing() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let (_, _, editor) = Self.paths(customer)
            let preview = try portal.submit(browser, from: editor, to: editor, Self.editorFields(action: "preview", sample: Self.sample))
            #expect(preview.status == 200)
            let page = preview.text
            #expect(page.contains("Preview of the sample record — not saved"))
            #expect(page.contains(#"<code data-testid="preview-value">&quot;MUG-1&quot;</code>"#))
            #expect(page.contains("<code>status</code> (unknownReference): from status: &#39;wc-shipped&#39; is not in the value map order_status")
                    || page.contains("<code>status</code> (unknownReference): from status: &#x27;wc-shipped&#x27; is not in the value map order_status"),
                    "the problem names the field, the rule and the source")
            #expect(page.contains(#"value="line_items[*].sku""#), "the form comes back as typed")
            #expect(page.contains("&quot;wc-shipped&quot;"), "the sample comes back as typed")
            #expect(try portal.db.count("SELECT count(*) FROM mapping_versions") == 0)

            let noSample = try portal.submit(browser, from: editor, to: editor, Self.editorFields(action: "preview"))
            #expect(noSample.status == 422)
            #expect(noSample.text.contains(#"id="field-sample-error""#))
            let notJSON = try portal.submit(browser, from: editor, to: editor, Self.editorFields(action: "preview", sample: "{number: 23"))
            #expect(notJSON.status == 422)
            #expect(notJSON.text.contains("The sample record is not valid JSON"))
        }
    }

    @Test func aRefusedMappingComesBackAsTypedWithEachProblemOnItsRowAndNothingIsSaved() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let (_, _, editor) = Self.paths(customer)
            var fields = Self.editorFields(source: "line_items[*.sku")
            fields.append(contentsOf: [("field_target_4", "note"), ("field_source_4", "customer_note"),
                                       ("field_transforms_4", "map notes"), ("field_default_4", ""),
                                       ("rule_field_2", "total"), ("rule_check_2", "max_length"), ("rule_argument_2", "ten")])
            let refused = try portal.submit(browser, from: editor, to: editor, fields)
            #expect(refused.status == 422)
            #expect(refused.text.contains("A maximum length is a whole number of characters."), "a rule that does not read")
            #expect(try portal.db.count("SELECT count(*) FROM mapping_versions") == 0)

            fields.removeAll { $0.0.hasPrefix("rule_") && $0.0.hasSuffix("_2") }
            let checked = try portal.submit(browser, from: editor, to: editor, fields)
            #expect(checked.status == 422)
            let page = checked.text
            #expect(page.contains("Source: At position 13: expected &#39;]&#39;, found &#39;.&#39;.")
                    || page.contains("Source: At position 13: expected &#x27;]&#x27;, found &#x27;.&#x27;."))
            #expect(page.contains("Transform 1: There is no value map named"))
            #expect(page.contains(#"value="line_items[*.sku""#), "kept as typed")
            #expect(page.components(separatedBy: #"data-testid="field-row-errors""#).count - 1 == 2, "one list per refused row")
            #expect(try portal.db.count("SELECT count(*) FROM mapping_versions") == 0)
        }
    }

    @Test func saveFromAStaleEditorIsRefusedAndAnOldVersionIsRestoredAsANewOne() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let (_, _, editor) = Self.paths(customer)
            #expect(try portal.submit(browser, from: editor, to: editor, Self.editorFields(note: "one")).status == 303)
            #expect(try portal.submit(browser, from: editor, to: editor, Self.editorFields(source: "id", note: "two", basedOn: 1)).status == 303)
            let stale = try portal.submit(browser, from: editor, to: editor, Self.editorFields(note: "three", basedOn: 1))
            #expect(stale.status == 422)
            #expect(stale.text.contains("2 was saved by"))
            let fromEmpty = try portal.submit(browser, from: editor, to: editor, Self.editorFields(note: "four", basedOn: 0))
            #expect(fromEmpty.status == 422, "an editor opened before the first save does not overwrite what was saved since")

            let history = try browser.get(editor).text
            #expect(history.contains("Version 2"))
            let restorePath = editor + "/versions/1/restore"
            #expect(history.contains(#"action="\#(restorePath)""#))
            #expect(!history.contains(editor + "/versions/2/restore"), "the current version is not offered for restore")
            #expect(try browser.get(editor + "?version=1").text.contains(#"data-testid="older-version""#))

            let restored = try portal.submit(browser, from: editor, to: restorePath, [])
            #expect(restored.status == 303)
            #expect(restored.headers["Location"] == editor + "?notice=mapping-restored")
            let (version, from, source) = try portal.db.owner.query("""
                SELECT version, restored_from, document->'fields'->0->>'source' FROM mapping_versions
                WHERE customer_id = \(customer.id) ORDER BY version DESC LIMIT 1
                """).single().decode((Int, Int, String).self)
            #expect((version, from, source) == (3, 1, "number"))
            #expect(try browser.get(editor).text.contains("restored version 1"))
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE action = 'mapping.restore'") == 1)
        }
    }

    @Test func aLookupTableFileWithBadLinesIsRefusedLineByLineAndAGoodOneIsImported() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerOperator)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let (_, list, _) = Self.paths(customer)
            let token = try #require(Browser.csrfToken(in: try browser.get(list)))
            let bad = try browser.postMultipart(list.replacingOccurrences(of: "/mappings", with: "/lookup-tables"),
                                                [("_csrf", token), ("name", "sku_xref")],
                                                files: [("csv", "xref.csv", "text/csv", Array("key,value\nMUG-1,A\n,B\nMUG-1,C\n".utf8))])
            #expect(bad.status == 422)
            #expect(bad.text.contains("<li>line 3: the key is empty</li>"))
            #expect(bad.text.contains("line 4: the key &#39;MUG-1&#39; is already on line 2") || bad.text.contains("line 4: the key &#x27;MUG-1&#x27; is already on line 2"))
            #expect(bad.text.contains(#"value="sku_xref""#), "the name is kept")
            #expect(try portal.db.count("SELECT count(*) FROM lookup_tables") == 0)

            let good = try browser.postMultipart(list.replacingOccurrences(of: "/mappings", with: "/lookup-tables"),
                                                 [("_csrf", token), ("name", "sku_xref")],
                                                 files: [("csv", "xref.csv", "text/csv", Array("key,value\nMUG-1,SKU-1\nTEA,SKU-2\n".utf8))])
            #expect(good.status == 303)
            #expect(try portal.db.count("SELECT row_count FROM lookup_tables WHERE customer_id = \(customer.id) AND name = 'sku_xref'") == 2)
            let page = try browser.get(list).text
            #expect(page.contains("<code>sku_xref</code>"))

            let noFile = try browser.postMultipart(list.replacingOccurrences(of: "/mappings", with: "/lookup-tables"),
                                                   [("_csrf", token), ("name", "other")], files: [])
            #expect(noFile.status == 422)
            #expect(noFile.text.contains(#"id="field-csv-error""#))
        }
    }

    @Test func viewersGetNoMappingsAndOtherPartnersFindNothingAndFormsNeedTheirToken() throws {
        try PortalHarness.with { portal in
            let (_, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let (customerPath, list, editor) = Self.paths(customer)
            let (viewer, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: customer.id)
            #expect(!(try viewer.get(customerPath).text.contains("/mappings")), "no link to a page a viewer may not open")
            #expect(try viewer.get(list).status == 403)
            #expect(try viewer.get(editor).status == 403)

            let (stranger, _, _) = try portal.signedIn(.partnerAdmin)
            #expect(try stranger.get(list).status == 404)
            #expect(try stranger.get(editor).status == 404)

            let (admin, _, _) = try portal.signedIn(.partnerAdmin, partner: partner)
            #expect(try admin.get(customerPath + "/mappings/no-such-flow").status == 404)
            let forged = try admin.post(editor, Self.editorFields())
            #expect(forged.status == 403)
            #expect(try portal.db.count("SELECT count(*) FROM mapping_versions") == 0)

            let page = try admin.get(editor).text
            let token = try #require(Browser.hiddenField("_csrf", in: page))
            #expect(page.components(separatedBy: "<form").count - 1
                    == page.components(separatedBy: #"<input type="hidden" name="_csrf" value="\#(token)">"#).count - 1
                    + page.components(separatedBy: #"method="get""#).count - 1,
                    "every POST form on the editor carries the session's token (the header's reference search is a GET)")
            #expect(!page.contains("style="))
        }
    }
}
