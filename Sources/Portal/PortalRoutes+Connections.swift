import Connectors
import Flows
import Foundation
import HTTP
import Tenancy

// The connection pages (issue 5 §7): a customer's connections on its page, a form per
// connector built from its descriptor, and one connection's page with "Test connection",
// pause/resume, edit and delete. Credentials go in through the forms and never come back out.
extension PortalRoutes {
    func registerConnectionPages(on router: Router) {
        router.get("/customers/:id/connections/new", page(signedIn(.connectionsWrite, Self.newConnectionForm)))
        router.post("/customers/:id/connections", page(signedIn(.connectionsWrite, Self.createConnection)))
        router.get("/customers/:id/connections/:connection", page(signedIn(.connectionsRead, Self.connectionDetail)))
        router.post("/customers/:id/connections/:connection", page(signedIn(.connectionsWrite, Self.updateConnection)))
        router.post("/customers/:id/connections/:connection/test", page(signedIn(.connectionsWrite, Self.testConnection)))
        router.post("/customers/:id/connections/:connection/pause", page(signedIn(.connectionsWrite, Self.pauseConnection)))
        router.post("/customers/:id/connections/:connection/resume", page(signedIn(.connectionsWrite, Self.resumeConnection)))
        router.post("/customers/:id/connections/:connection/delete", page(signedIn(.connectionsWrite, Self.deleteConnection)))
    }

    /// The customer page's section: the connections, and the chooser that starts a new one.
    func connectionsSection(_ visit: PortalVisit, customer: Customer) throws -> ConnectionsSectionView? {
        guard visit.principal.may(.connectionsRead) else { return nil }
        let connections = try Connections.list(customer: customer.id, for: visit.principal, on: visit.connection)
        let chooser = visit.principal.may(.connectionsWrite) ? connectors.map { catalog in
            ConnectionChooserView(
                action: "\(Self.path(of: customer))/connections/new",
                environmentSelect: SelectFieldView(name: "environment", label: "Environment",
                                                   choices: Environment.Kind.allCases.map { ($0.rawValue, Self.environmentName($0)) },
                                                   selected: Environment.Kind.sandbox.rawValue),
                kindSelect: SelectFieldView(name: "kind", label: "System",
                                            choices: catalog.entries.map { ($0.descriptor.kind.rawValue, $0.descriptor.displayName) },
                                            selected: catalog.entries.first?.descriptor.kind.rawValue))
        } : nil
        return ConnectionsSectionView(rows: connections.map { connection in
            ConnectionRowView(name: connection.name, path: Self.path(of: connection),
                              connectorName: connectors?.descriptor(connection.kind)?.displayName ?? connection.kind.rawValue,
                              environmentName: Self.environmentName(connection.environmentKind),
                              isPaused: connection.status == .paused, lastTest: Self.lastTestText(connection.lastTest),
                              lastTestFailed: connection.lastTest?.succeeded == false)
        }, chooser: chooser)
    }

    /// `GET /customers/:id/connections/new?environment=…&kind=…`.
    func newConnectionForm(_ visit: PortalVisit) throws -> Response {
        let query = visit.request.queryParameters
        return try renderNewConnection(visit, kind: query["kind"] ?? "", environment: query["environment"] ?? "",
                                       errors: FieldErrors())
    }

    /// `POST /customers/:id/connections`: saves it and shows its page, where it can be tested.
    func createConnection(_ visit: PortalVisit) throws -> Response {
        let customer = try Customers.get(try Self.id(visit, "id"), for: visit.principal, on: visit.connection)
        let kind = visit.form["kind"] ?? ""
        let environmentKind = visit.form["environment"] ?? ""
        let catalog = try requireConnectors()
        guard let descriptor = catalog.descriptor(ConnectorKind(rawValue: kind)) else { throw TenancyError.notFound("connector") }
        let environment = try Environments.list(customer: customer.id, for: visit.principal, on: visit.connection)
            .first { $0.kind.rawValue == environmentKind }
        guard let environment else { throw TenancyError.notFound("environment") }
        do {
            let created = try Connections.create(
                NewConnection(environmentID: environment.id, kind: descriptor.kind, name: visit.form["name"] ?? "",
                              values: Self.values(of: descriptor, in: visit.form)),
                customer: customer.id, catalog: catalog, box: secretBox, by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.path(of: created) + "?notice=" + PortalNotice.connectionCreated.rawValue)
        } catch {
            guard let errors = Self.connectionErrors(error) else { throw error }
            return try renderNewConnection(visit, kind: kind, environment: environmentKind, errors: errors,
                                           status: .unprocessableContent)
        }
    }

    /// `GET /customers/:id/connections/:connection`.
    func connectionDetail(_ visit: PortalVisit) throws -> Response {
        try renderConnection(visit, try connection(visit), errors: FieldErrors())
    }

    /// `POST /customers/:id/connections/:connection`: name and values; secrets left empty stay.
    func updateConnection(_ visit: PortalVisit) throws -> Response {
        let current = try connection(visit)
        let catalog = try requireConnectors()
        guard let descriptor = catalog.descriptor(current.kind) else { throw TenancyError.notFound("connector") }
        do {
            let saved = try Connections.update(current.id, ConnectionChanges(name: visit.form["name"],
                                                                             values: Self.values(of: descriptor, in: visit.form)),
                                               catalog: catalog, box: secretBox, by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.path(of: saved) + "?notice=" + PortalNotice.connectionSaved.rawValue)
        } catch {
            guard let errors = Self.connectionErrors(error) else { throw error }
            return try renderConnection(visit, current, errors: errors, status: .unprocessableContent)
        }
    }

    /// `POST …/test`: calls the system now and shows what it answered on the connection's page.
    /// The call runs inside the page's transaction — a person's action, bounded by the
    /// connector's own timeouts — so its outcome is recorded in the same commit.
    func testConnection(_ visit: PortalVisit) throws -> Response {
        let current = try connection(visit)
        let catalog = try requireConnectors()
        let result: ConnectionTestResult
        do {
            let configuration = try Connections.configuration(of: current, box: secretBox, for: visit.principal,
                                                              on: visit.connection)
            result = ConnectionTestResult.run(kind: current.kind, configuration: configuration, catalog: catalog, now: visit.now)
        } catch let error as ConnectionSecretsUnavailable {
            result = ConnectionTestResult(testedAt: visit.now, succeeded: false, summary: error.description, elapsed: .zero)
        }
        let recorded = try Connections.recordTest(current.id, result, by: visit.caller, on: visit.connection)
        return try renderConnection(visit, recorded, errors: FieldErrors(), outcome: result)
    }

    /// `POST …/pause`: with the reason people will see.
    func pauseConnection(_ visit: PortalVisit) throws -> Response {
        let current = try connection(visit)
        do {
            let paused = try Connections.pause(current.id, reason: visit.form["reason"] ?? "", by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.path(of: paused) + "?notice=" + PortalNotice.connectionPaused.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderConnection(visit, current, errors: errors, status: .unprocessableContent)
        }
    }

    /// `POST …/resume`.
    func resumeConnection(_ visit: PortalVisit) throws -> Response {
        let resumed = try Connections.resume(try connection(visit).id, by: visit.caller, on: visit.connection)
        return Response.redirect(to: Self.path(of: resumed) + "?notice=" + PortalNotice.connectionResumed.rawValue)
    }

    /// `POST …/delete`: the connection and its credentials.
    func deleteConnection(_ visit: PortalVisit) throws -> Response {
        let current = try connection(visit)
        try Connections.delete(current.id, by: visit.caller, on: visit.connection)
        return Response.redirect(to: "/customers/\(current.customerID.uuidString.lowercased())?notice="
                                 + PortalNotice.connectionDeleted.rawValue)
    }

    private func renderNewConnection(_ visit: PortalVisit, kind: String, environment: String, errors: FieldErrors,
                                     status: HTTPStatus = .ok) throws -> Response {
        let customer = try Customers.get(try Self.id(visit, "id"), for: visit.principal, on: visit.connection)
        guard let descriptor = try requireConnectors().descriptor(ConnectorKind(rawValue: kind)) else {
            throw TenancyError.notFound("connector")
        }
        guard let environmentKind = Environment.Kind(rawValue: environment) else { throw TenancyError.notFound("environment") }
        let typed = visit.request.method == .post
        let shown = ["name"] + descriptor.fields.map(\.name)
        return try visit.render(.connectionNew, NewConnectionView(
            chrome: visit.chrome(visit.principal.customerID == nil ? .customers : .dashboard), csrfToken: visit.csrfToken,
            customerName: customer.name, customerPath: Self.path(of: customer), connectorName: descriptor.displayName,
            protocolName: descriptor.protocolName, environmentName: Self.environmentName(environmentKind),
            action: "\(Self.path(of: customer))/connections", kind: descriptor.kind.rawValue, environment: environmentKind.rawValue,
            nameField: FormFieldView(name: "name", label: "Name", value: typed ? visit.form["name"] : descriptor.displayName,
                                     errorMessage: errors["name"], hint: "How people will recognise it, e.g. “Web shop”."),
            fields: descriptor.fields.map { field in
                ConnectionFieldView(field, value: typed ? visit.form[field.name] : nil, errorMessage: errors[field.name])
            },
            formError: errors.unplaced(shown: Set(shown))), status: status)
    }

    private func renderConnection(_ visit: PortalVisit, _ connection: Connection, errors: FieldErrors,
                                  outcome: ConnectionTestResult? = nil, status: HTTPStatus = .ok) throws -> Response {
        let customer = try Customers.get(connection.customerID, for: visit.principal, on: visit.connection)
        let descriptor = connectors?.descriptor(connection.kind)
        let typed = visit.request.method == .post && visit.request.path == Self.path(of: connection)
        let pauseTyped = visit.request.path.hasSuffix("/pause")
        let settings = (descriptor?.fields ?? []).filter { !$0.isSecret }.compactMap { field in
            connection.settings[field.name].map { FactView(label: field.label, value: $0) }
        }
        let editing = visit.principal.may(.connectionsWrite) ? descriptor.map { descriptor in
            ConnectionEditingView(
                nameField: FormFieldView(name: "name", label: "Name", value: typed ? visit.form["name"] : connection.name,
                                         errorMessage: typed ? errors["name"] : nil),
                fields: descriptor.fields.map { field in
                    ConnectionFieldView(field, value: typed ? visit.form[field.name] : connection.settings[field.name],
                                        errorMessage: typed ? errors[field.name] : nil,
                                        hasStoredSecret: connection.secretFields.contains(field.name))
                },
                pauseField: connection.status == .active ? FormFieldView(
                    name: "reason", label: "Reason for pausing", value: pauseTyped ? visit.form["reason"] : nil,
                    errorMessage: pauseTyped ? errors["reason"] : nil, hint: "Shown to everyone who looks at this connection.") : nil,
                formError: typed ? errors.unplaced(shown: Set(["name"] + descriptor.fields.map(\.name))) : nil)
        } : nil
        return try visit.render(.connection, ConnectionDetailView(
            chrome: visit.chrome(visit.principal.customerID == nil ? .customers : .dashboard), csrfToken: visit.csrfToken,
            customerName: customer.name, customerPath: Self.path(of: customer), connectionName: connection.name,
            connectionPath: Self.path(of: connection), connectorName: descriptor?.displayName ?? connection.kind.rawValue,
            protocolName: descriptor?.protocolName ?? "", environmentName: Self.environmentName(connection.environmentKind),
            isPaused: connection.status == .paused, pausedReason: connection.pausedReason, settings: settings,
            storedSecrets: connection.secretFields.map { name in descriptor?.field(name)?.label ?? name },
            lastTest: Self.lastTestText(connection.lastTest), lastTestFailed: connection.lastTest?.succeeded == false,
            outcome: outcome.map(Self.outcomeView), editing: editing), status: status)
    }

    static func outcomeView(_ result: ConnectionTestResult) -> TestOutcomeView {
        let milliseconds = Int(result.elapsed.components.seconds) * 1000
            + Int(result.elapsed.components.attoseconds / 1_000_000_000_000_000)
        return TestOutcomeView(succeeded: result.succeeded, summary: result.summary,
                               errorClass: result.error.map { Self.errorClassName($0.errorClass) },
                               upstream: result.error?.upstream?.description,
                               facts: result.facts.map { FactView(label: $0.label, value: $0.value) },
                               elapsed: "\(milliseconds) ms")
    }

    static func errorClassName(_ errorClass: ConnectorError.Class) -> String {
        switch errorClass {
        case .transient: "temporary — the system may be down or busy; try again later"
        case .permanent: "the settings — fix the URL or credentials"
        case .business: "the data — the system refused what was sent"
        }
    }

    /// The form's values for the descriptor's fields (and only those).
    static func values(of descriptor: ConnectorDescriptor, in form: FormBody) -> [String: String] {
        var values: [String: String] = [:]
        for field in descriptor.fields {
            if let value = form[field.name] { values[field.name] = value }
        }
        return values
    }

    /// Field errors from a refused save; a missing master key is shown as the form's error.
    static func connectionErrors(_ error: any Error) -> FieldErrors? {
        if let error = error as? ConnectionSecretsUnavailable {
            return FieldErrors([FieldProblem(field: "credentials", message: error.description)])
        }
        return FieldErrors(refusal: error)
    }

    static func lastTestText(_ test: Connection.LastTest?) -> String? {
        test.map { "\($0.succeeded ? "worked" : "failed") \(PortalFormat.minute($0.at)): \($0.summary)" }
    }

    static func environmentName(_ kind: Environment.Kind) -> String { kind == .production ? "Production" : "Sandbox" }

    static func path(of connection: Connection) -> String {
        "/customers/\(connection.customerID.uuidString.lowercased())/connections/\(connection.id.uuidString.lowercased())"
    }

    private func connection(_ visit: PortalVisit) throws -> Connection {
        let found = try Connections.get(try Self.id(visit, "connection"), for: visit.principal, on: visit.connection)
        guard found.customerID == (try Self.id(visit, "id")) else { throw TenancyError.notFound("connection") }
        return found
    }

    static func id(_ visit: PortalVisit, _ parameter: String) throws -> UUID {
        guard let id = visit.request.parameters[parameter].flatMap(UUID.init(uuidString:)) else {
            throw TenancyError.notFound(parameter)
        }
        return id
    }

    private func requireConnectors() throws -> ConnectorCatalog {
        guard let connectors else { throw TenancyError.notFound("connector") }
        return connectors
    }
}
