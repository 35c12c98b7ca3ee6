import Flows
import Foundation
import HTTP
import Tenancy

// The mapping pages (issue 5 §8): a customer's flows with their mapping versions and lookup
// tables; one flow's editor with a preview against a sample record that saves nothing, saving
// as a new version with a note, the history with restore, and lookup tables from CSV.
// Reading needs `mappings:read`; saving, restoring and importing `mappings:write` (the stores
// check it again).
extension PortalRoutes {
    /// Blank rows offered below the filled ones: how a row is added without JavaScript.
    static let blankFieldRows = 3
    static let blankRuleRows = 2
    static let blankMapRows = 1

    func registerMappingPages(on router: Router) {
        router.get("/customers/:id/mappings", page(signedIn(.mappingsRead, Self.mappingList)))
        router.post("/customers/:id/lookup-tables", page(signedIn(.mappingsWrite, Self.importLookupTable)))
        router.get("/customers/:id/mappings/:flow", page(signedIn(.mappingsRead, Self.mappingEditor)))
        // Preview needs only reading; `Mappings.save` insists on mappings:write for a save.
        router.post("/customers/:id/mappings/:flow", page(signedIn(.mappingsRead, Self.submitMapping)))
        router.post("/customers/:id/mappings/:flow/versions/:version/restore", page(signedIn(.mappingsWrite, Self.restoreMapping)))
    }

    // MARK: The customer's mappings

    /// `GET /customers/:id/mappings`.
    func mappingList(_ visit: PortalVisit) throws -> Response {
        try renderMappingList(visit, try customerOfPath(visit), errors: FieldErrors(), lineProblems: [])
    }

    /// `POST /customers/:id/lookup-tables` (`multipart/form-data`: `name`, file `csv`): creates
    /// or replaces the table; a refused file shows each bad line and changes nothing.
    func importLookupTable(_ visit: PortalVisit) throws -> Response {
        let customer = try customerOfPath(visit)
        do {
            guard let file = visit.upload?["csv"], !file.body.isEmpty else {
                throw TenancyError.invalid("csv", "choose a CSV file with the header key,value")
            }
            _ = try Mappings.importLookupTable((visit.form["name"] ?? "").strippingBlanks, csv: file.body, customer: customer.id,
                                               by: visit.caller, now: visit.now, on: visit.connection)
            return Response.redirect(to: Self.path(of: customer) + "/mappings?notice=" + PortalNotice.lookupTableImported.rawValue)
        } catch TenancyError.invalid(let problems) {
            // A file's problems come line by line; a missing file is one problem of its own.
            let file = problems.filter { $0.field == "csv" }.map(\.message)
            let byLine = file.contains { $0.hasPrefix("line ") }
            return try renderMappingList(visit, customer, errors: FieldErrors(problems.filter { $0.field != "csv" }),
                                         lineProblems: byLine ? file : [],
                                         fileError: byLine ? nil : file.first.map(EditorPlacement.sentence),
                                         status: .unprocessableContent)
        }
    }

    private func renderMappingList(_ visit: PortalVisit, _ customer: Customer, errors: FieldErrors, lineProblems: [String],
                                   fileError: String? = nil, status: HTTPStatus = .ok) throws -> Response {
        let current = try Mappings.currentVersions(customer: customer.id, for: visit.principal, on: visit.connection)
        let tables = try Mappings.lookupTables(customer: customer.id, for: visit.principal, on: visit.connection)
        let customerPath = Self.path(of: customer)
        return try visit.render(.mappings, MappingsView(
            chrome: visit.chrome(.customers), csrfToken: visit.csrfToken, customerName: customer.name, customerPath: customerPath,
            flows: FlowKind.allCases.map { flow in
                let version = current[flow]
                return MappingFlowRowView(name: flow.displayName, records: flow.mappedRecords.map(\.displayName).joined(separator: ", "),
                                          editorPath: "\(customerPath)/mappings/\(flow.rawValue)",
                                          version: version.map { "Version \($0.version)" },
                                          savedOn: version.map { PortalFormat.minute($0.createdAt) }, savedBy: version?.authorEmail)
            },
            tables: tables.map {
                LookupTableRowView(name: $0.name, rowCount: $0.rowCount.formatted(.number.locale(Locale(identifier: "en_GB"))),
                                   importedOn: PortalFormat.minute($0.importedAt), importedBy: $0.importedByEmail)
            },
            hasTables: !tables.isEmpty,
            upload: visit.principal.may(.mappingsWrite) ? LookupUploadView(
                formPath: customerPath + "/lookup-tables",
                nameField: FormFieldView(name: "name", label: "Table name", value: status == .ok ? nil : visit.form["name"],
                                         errorMessage: errors["name"], hint: "What mappings call it: lookup sku_xref. "
                                            + "Importing under an existing name replaces that table."),
                fileError: fileError, lineProblems: lineProblems, hasLineProblems: !lineProblems.isEmpty,
                formError: errors.unplaced(shown: ["name"])) : nil),
            status: status)
    }

    // MARK: The editor

    /// `GET /customers/:id/mappings/:flow[?version=N]`: the current version, or version N to
    /// start from (saving it makes a new version on top of the current one).
    func mappingEditor(_ visit: PortalVisit) throws -> Response {
        let (customer, flow) = try customerAndFlow(visit)
        let current = try Mappings.current(customer: customer.id, flow: flow, for: visit.principal, on: visit.connection)
        var shown = current
        if let requested = visit.request.queryParameters["version"].flatMap({ Int($0) }), requested != current?.version {
            shown = try Mappings.version(requested, customer: customer.id, flow: flow, for: visit.principal, on: visit.connection)
        }
        let form = MappingEditorForm(shown?.mapping ?? Mapping(record: flow.mappedRecords[0]), basedOn: current?.version ?? 0)
        let (_, placement) = form.document(defaultRecord: flow.mappedRecords[0])
        return try renderEditor(visit, customer, flow, form: form, placement: placement, current: current,
                                olderVersion: shown?.version == current?.version ? nil : shown?.version)
    }

    /// `POST /customers/:id/mappings/:flow`: `action=preview` maps the sample record with the
    /// mapping as typed and saves nothing; `action=save` saves it as a new version.
    func submitMapping(_ visit: PortalVisit) throws -> Response {
        let (customer, flow) = try customerAndFlow(visit)
        let current = try Mappings.current(customer: customer.id, flow: flow, for: visit.principal, on: visit.connection)
        let form = MappingEditorForm(form: visit.form)
        var (mapping, placement) = form.document(defaultRecord: flow.mappedRecords[0])
        func refused() throws -> Response {
            try renderEditor(visit, customer, flow, form: form, placement: placement, current: current, olderVersion: nil,
                             status: .unprocessableContent)
        }
        guard placement.isEmpty else { return try refused() }

        if visit.form["action"] != "save" {
            placement.place(try Mappings.problems(of: mapping, customer: customer.id, flow: flow, for: visit.principal,
                                                  on: visit.connection))
            let sample = form.sample.strippingBlanks
            if sample.isEmpty {
                placement.general["sample"] = "Paste a sample record (JSON) to preview the mapping with."
            }
            guard placement.isEmpty else { return try refused() }
            let record: JSON
            do { record = try JSON(parsing: sample) } catch {
                placement.general["sample"] = EditorPlacement.sentence("the sample record \(error.description)")
                return try refused()
            }
            let lookups = try Mappings.lookupTables(named: mapping.lookupTableNames, customer: customer.id, for: visit.principal,
                                                    on: visit.connection)
            let result = MappingEvaluator.apply(mapping, to: record, lookups: lookups)
            return try renderEditor(visit, customer, flow, form: form, placement: placement, current: current, olderVersion: nil,
                                    preview: Self.preview(result))
        }

        do {
            mapping.timeZone = mapping.timeZone.isEmpty ? "UTC" : mapping.timeZone
            _ = try Mappings.save(mapping, customer: customer.id, flow: flow, note: form.note, expectedVersion: form.basedOn,
                                  by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.editorPath(customer, flow) + "?notice=" + PortalNotice.mappingSaved.rawValue)
        } catch TenancyError.invalid(let problems) {
            placement.place(problems)
            return try refused()
        } catch TenancyError.conflict(let problem) {
            placement.place([FieldProblem(field: "", message: "Version \(problem.message)")])
            return try refused()
        }
    }

    /// `POST /customers/:id/mappings/:flow/versions/:version/restore`.
    func restoreMapping(_ visit: PortalVisit) throws -> Response {
        let (customer, flow) = try customerAndFlow(visit)
        guard let number = visit.request.parameters["version"].flatMap({ Int($0) }) else {
            throw TenancyError.notFound("mapping version")
        }
        do {
            _ = try Mappings.restore(number, customer: customer.id, flow: flow, by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.editorPath(customer, flow) + "?notice=" + PortalNotice.mappingRestored.rawValue)
        } catch TenancyError.invalid(let problems) {
            // The old document no longer passes (a lookup table it names is gone): show it
            // in the editor with its problems, so it can be fixed and saved.
            let current = try Mappings.current(customer: customer.id, flow: flow, for: visit.principal, on: visit.connection)
            let old = try Mappings.version(number, customer: customer.id, flow: flow, for: visit.principal, on: visit.connection)
            let form = MappingEditorForm(old.mapping, basedOn: current?.version ?? 0)
            var (_, placement) = form.document(defaultRecord: flow.mappedRecords[0])
            placement.place(problems)
            return try renderEditor(visit, customer, flow, form: form, placement: placement, current: current, olderVersion: number,
                                    status: .unprocessableContent)
        }
    }

    private func renderEditor(_ visit: PortalVisit, _ customer: Customer, _ flow: FlowKind, form: MappingEditorForm,
                              placement: EditorPlacement, current: MappingVersion?, olderVersion: Int?,
                              preview: MappingPreviewView? = nil, status: HTTPStatus = .ok) throws -> Response {
        let record = CanonicalRecord(rawValue: form.record) ?? flow.mappedRecords[0]
        let canSave = visit.principal.may(.mappingsWrite)
        let versions = try Mappings.versions(customer: customer.id, flow: flow, for: visit.principal, limit: 50, on: visit.connection)
        let targetChoices = [("", "—")] + record.fields.map { ($0.path, $0.path) }
        func options(_ choices: [(String, String)], chosen: String) -> [RowOptionView] {
            var views = choices.map { RowOptionView(optionValue: $0.0, optionLabel: $0.1, isChosen: $0.0 == chosen) }
            // A value the list does not offer (a field of another record) stays, marked, so the
            // row's message about it makes sense and nothing typed is lost.
            if !chosen.isEmpty, !choices.contains(where: { $0.0 == chosen }) {
                views.append(RowOptionView(optionValue: chosen, optionLabel: chosen + " (unknown)", isChosen: true))
            }
            return views
        }
        let fieldRows = form.fields + Array(repeating: MappingEditorForm.FieldRow(), count: Self.blankFieldRows)
        let ruleRows = form.rules + Array(repeating: MappingEditorForm.RuleRow(), count: Self.blankRuleRows)
        let mapRows = form.maps + Array(repeating: MappingEditorForm.MapRow(), count: Self.blankMapRows)
        let editorPath = Self.editorPath(customer, flow)
        return try visit.render(.mapping, MappingEditorView(
            chrome: visit.chrome(.customers), csrfToken: visit.csrfToken, customerName: customer.name,
            mappingsPath: Self.path(of: customer) + "/mappings", flowName: flow.displayName, formPath: editorPath,
            versionSummary: current.map { "Version \($0.version), saved \(PortalFormat.minute($0.createdAt)) by \($0.authorEmail)." }
                ?? "No version saved yet: flows of this kind do not run for this customer until one is.",
            olderVersionNotice: olderVersion.map { old in
                "This is version \(old). Saving it makes it version \((current?.version ?? 0) + 1); the history keeps every version."
            },
            basedOn: form.basedOn.map(String.init), canSave: canSave,
            recordSelect: flow.mappedRecords.count > 1 ? SelectFieldView(
                name: "record", label: "Record", choices: flow.mappedRecords.map { ($0.rawValue, $0.displayName) },
                selected: record.rawValue, errorMessage: placement.general["record"],
                hint: "What one row of the source becomes. Preview to see the fields of another record.") : nil,
            recordName: record.displayName, recordValue: record.rawValue,
            timeZoneField: FormFieldView(name: "time_zone", label: "Time zone", value: form.timeZone.isEmpty ? "UTC" : form.timeZone,
                                         errorMessage: placement.general["time_zone"],
                                         hint: "Dates without a zone are read in it: UTC, Europe/Berlin, America/New_York."),
            fieldRows: fieldRows.enumerated().map { index, row in
                let errors = placement.messages(.field(index))
                return FieldRowView(index: index, number: index + 1, targets: options(targetChoices, chosen: row.target),
                                    source: row.source, transforms: row.transforms, defaultValue: row.defaultValue,
                                    rowErrors: errors, hasErrors: !errors.isEmpty)
            },
            ruleRows: ruleRows.enumerated().map { index, row in
                let errors = placement.messages(.rule(index))
                return RuleRowView(index: index, number: index + 1, fields: options(targetChoices, chosen: row.field),
                                   checks: options(MappingEditorForm.checks.map { ($0, $0.replacingOccurrences(of: "_", with: " ")) },
                                                   chosen: row.check.isEmpty ? "required" : row.check),
                                   argument: row.argument, rowErrors: errors, hasErrors: !errors.isEmpty)
            },
            mapRows: mapRows.enumerated().map { index, row in
                let errors = placement.messages(.map(index))
                return ValueMapRowView(index: index, number: index + 1, name: row.name, entries: row.entries, fallback: row.fallback,
                                       rowErrors: errors, hasErrors: !errors.isEmpty)
            },
            sample: form.sample, sampleError: placement.general["sample"],
            noteField: FormFieldView(name: "note", label: "Note for the history", value: form.note,
                                     errorMessage: placement.general["note"], isRequired: false,
                                     hint: "Why this version: “tax classes for the new reduced rate”."),
            formError: placement.unplaced.isEmpty ? nil : placement.unplaced.joined(separator: " "),
            preview: preview,
            versions: versions.map { version in
                VersionRowView(version: version.version, savedOn: PortalFormat.minute(version.createdAt), author: version.authorEmail,
                               note: version.note, restored: version.restoredFrom.map { "restored version \($0)" },
                               viewPath: "\(editorPath)?version=\(version.version)",
                               restorePath: canSave && version.version != current?.version
                                   ? "\(editorPath)/versions/\(version.version)/restore" : nil,
                               isCurrent: version.version == current?.version)
            },
            targetFields: record.fields.map { TargetFieldView(path: $0.path, typeName: $0.type.name, summary: $0.summary) }),
            status: status)
    }

    /// A preview as the page shows it: each value as JSON text, each problem with its rule.
    static func preview(_ result: MappingResult) -> MappingPreviewView {
        MappingPreviewView(
            values: result.values.map { PreviewValueView(path: $0.path, valueText: $0.value.text) },
            problems: result.problems.map { PreviewProblemView(path: $0.path.isEmpty ? "(record)" : $0.path, rule: $0.rule.rawValue,
                                                               message: $0.message) },
            isClean: result.isClean, recordJSON: result.fields.prettyText)
    }

    // MARK: Shared

    private func customerOfPath(_ visit: PortalVisit) throws -> Customer {
        guard let id = visit.request.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw TenancyError.notFound("customer") }
        return try Customers.get(id, for: visit.principal, on: visit.connection)
    }

    private func customerAndFlow(_ visit: PortalVisit) throws -> (Customer, FlowKind) {
        let customer = try customerOfPath(visit)
        guard let flow = visit.request.parameters["flow"].flatMap(FlowKind.init(validating:)) else { throw TenancyError.notFound("flow") }
        return (customer, flow)
    }

    static func editorPath(_ customer: Customer, _ flow: FlowKind) -> String {
        "\(path(of: customer))/mappings/\(flow.rawValue)"
    }
}
