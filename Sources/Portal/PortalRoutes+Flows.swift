import Connectors
import Flows
import Foundation
import HTTP
import Tenancy

// A customer's flows (issue 6 §8): each flow per environment with its connections, options
// and state; Pause (with the reason people will see) and Resume. Wiring and pausing flows is
// connecting a customer's systems, so it takes `connections:write` (`CustomerFlows`), which
// also audits each change. Viewers with `connections:read` see the page without forms.
extension PortalRoutes {
    func registerFlowPages(on router: Router) {
        router.get("/customers/:id/flows", page(signedIn(.connectionsRead, Self.flowList)))
        router.post("/customers/:id/flows/:environment/:flow/pause", page(signedIn(.connectionsWrite, Self.pauseFlow)))
        router.post("/customers/:id/flows/:environment/:flow/resume", page(signedIn(.connectionsWrite, Self.resumeFlow)))
        router.post("/customers/:id/flows/:environment/:flow/cursors/reset", page(signedIn(.connectionsWrite, Self.resetCursor)))
    }

    /// `GET /customers/:id/flows`.
    func flowList(_ visit: PortalVisit) throws -> Response {
        try renderFlows(visit, errors: FieldErrors())
    }

    /// `POST …/flows/:environment/:flow/pause`: `reason` is required.
    func pauseFlow(_ visit: PortalVisit) throws -> Response {
        let (customerID, environmentID, flow) = try flowAddress(visit)
        do {
            _ = try CustomerFlows.setPaused(flow, in: environmentID, reason: visit.form["reason"] ?? "", by: visit.caller,
                                            on: visit.connection)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderFlows(visit, errors: errors, status: .unprocessableContent)
        }
        return Response.redirect(to: Self.flowsPath(customerID) + "?notice=" + PortalNotice.flowPaused.rawValue)
    }

    /// `POST …/flows/:environment/:flow/resume`.
    func resumeFlow(_ visit: PortalVisit) throws -> Response {
        let (customerID, environmentID, flow) = try flowAddress(visit)
        _ = try CustomerFlows.setPaused(flow, in: environmentID, reason: nil, by: visit.caller, on: visit.connection)
        return Response.redirect(to: Self.flowsPath(customerID) + "?notice=" + PortalNotice.flowResumed.rawValue)
    }

    /// `POST …/flows/:environment/:flow/cursors/reset`: `feed`, `connection_id` and `reset_to`
    /// (UTC, `2026-11-20 00:00` or `2026-11-20`); the next poll re-reads from then.
    func resetCursor(_ visit: PortalVisit) throws -> Response {
        let (customerID, environmentID, kind) = try flowAddress(visit)
        guard let flow = try CustomerFlows.get(kind, in: environmentID, for: visit.principal, on: visit.connection),
              let feed = visit.form["feed"].flatMap(ConnectorResource.init(rawValue:)),
              let connectionID = visit.form["connection_id"].flatMap(UUID.init(uuidString:)) else {
            throw TenancyError.notFound("cursor")
        }
        guard let connectors else { throw TenancyError.conflict(FieldProblem(field: "reset_to", message: "no connectors are configured")) }
        do {
            guard let date = Self.utcTime(visit.form["reset_to"] ?? "") else {
                throw TenancyError.invalid("reset_to", "must be a UTC time such as 2026-11-20 00:00")
            }
            _ = try FlowCursors.reset(flow: flow.id, feed: feed, connection: connectionID, to: date, catalog: connectors,
                                      by: visit.caller, at: Date(), on: visit.connection)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderFlows(visit, errors: errors, status: .unprocessableContent)
        }
        return Response.redirect(to: Self.flowsPath(customerID) + "?notice=" + PortalNotice.cursorReset.rawValue)
    }

    /// `2026-11-20 00:00`, `2026-11-20T00:00:00Z` or `2026-11-20`, read as UTC.
    static func utcTime(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    private func renderFlows(_ visit: PortalVisit, errors: FieldErrors, status: HTTPStatus = .ok) throws -> Response {
        let customer = try Customers.get(try Self.id(visit, "id"), for: visit.principal, on: visit.connection)
        let flows = try CustomerFlows.list(customer: customer.id, for: visit.principal, on: visit.connection)
        let connections = Dictionary(uniqueKeysWithValues: try Connections.list(customer: customer.id, for: visit.principal,
                                                                                 on: visit.connection).map { ($0.id, $0) })
        let mayChange = visit.principal.may(.connectionsWrite)
        let cursors = Dictionary(grouping: try FlowCursors.list(customer: customer.id, for: visit.principal, on: visit.connection),
                                 by: \.flowID)
        // The row whose pause form was just refused shows what was typed and why.
        let refusedPath = visit.request.method == .post ? visit.request.path : nil
        let customerPath = Self.path(of: customer)
        let rows = flows.map { flow -> (Environment.Kind, FlowRowView) in
            let flowPath = "\(customerPath)/flows/\(flow.environmentID.uuidString.lowercased())/\(flow.flow.rawValue)"
            let used = [("Reads from", flow.sourceConnectionID), ("Writes to", flow.targetConnectionID)].compactMap { role, id in
                id.flatMap { connections[$0] }.map { connection in
                    FlowConnectionView(role: role, name: connection.name, path: Self.path(of: connection),
                                       isPaused: connection.status == .paused, pausedReason: connection.pausedReason)
                }
            }
            let isPaused = flow.status == .paused
            let refused = refusedPath == flowPath + "/pause"
            return (flow.environmentKind, FlowRowView(
                name: flow.flow.displayName, key: flow.flow.rawValue, connections: used,
                options: flow.options.sorted { $0.key < $1.key }.map { FactView(label: $0.key, value: $0.value) },
                cursors: (cursors[flow.id] ?? []).map { cursor in
                    let resetRefused = refusedPath == flowPath + "/cursors/reset" && visit.form["feed"] == cursor.feed.rawValue
                        && visit.form["connection_id"] == cursor.connectionID.uuidString.lowercased()
                    return FlowCursorView(
                        feed: cursor.feed.rawValue, connectionID: cursor.connectionID.uuidString.lowercased(),
                        connectionName: connections[cursor.connectionID]?.name ?? "a removed connection",
                        polledAt: cursor.polledAt.map(PortalFormat.minute) ?? "not yet",
                        lastChangeAt: cursor.lastChangeAt.map(PortalFormat.minute) ?? "never",
                        changesRead: cursor.changesRead, lastError: cursor.lastError, resetTo: cursor.resetTo.map(PortalFormat.minute),
                        resetAction: mayChange ? flowPath + "/cursors/reset" : nil,
                        resetField: mayChange ? FormFieldView(
                            name: "reset_to", label: "Re-read from (UTC)", value: resetRefused ? visit.form["reset_to"] : nil,
                            errorMessage: resetRefused ? errors["reset_to"] : nil,
                            hint: "Everything changed since then is read again; what was taken before is recognised, not repeated.")
                            : nil)
                },
                hasCursors: !(cursors[flow.id] ?? []).isEmpty,
                isPaused: isPaused, pausedReason: flow.pausedReason, isBlocked: !isPaused && used.contains(where: \.isPaused),
                messagesPath: "\(customerPath)/messages?flow=\(flow.flow.rawValue)",
                pauseAction: mayChange && !isPaused ? flowPath + "/pause" : nil,
                pauseField: mayChange && !isPaused ? FormFieldView(
                    name: "reason", label: "Reason for pausing", value: refused ? visit.form["reason"] : nil,
                    errorMessage: refused ? errors["reason"] : nil, hint: "Shown to everyone who looks at this flow.") : nil,
                resumeAction: mayChange && isPaused ? flowPath + "/resume" : nil))
        }
        let problems = try FlowProblems.list(customer: customer.id, openOnly: true, for: visit.principal, on: visit.connection)
            .map { problem in
                let flow = problem.flowID.flatMap { id in flows.first { $0.id == id } }
                let subject = [flow.map { "\($0.flow.displayName) (\(Self.environmentName($0.environmentKind)))" },
                               problem.connectionID.flatMap { connections[$0]?.name }].compactMap { $0 }.joined(separator: " · ")
                return FlowProblemView(title: Self.problemTitle(problem.kind), subject: subject, summary: problem.summary,
                                       openedAt: PortalFormat.minute(problem.openedAt), lastSeenAt: PortalFormat.minute(problem.lastSeenAt),
                                       occurrences: problem.occurrences, isRepeated: problem.occurrences > 1)
            }
        return try visit.render(.flows, FlowsView(
            chrome: visit.chrome(visit.principal.role.isCustomerScoped ? .dashboard : .customers), csrfToken: visit.csrfToken,
            customerName: customer.name, customerPath: customerPath, problems: problems, hasProblems: !problems.isEmpty,
            environments: [Environment.Kind.sandbox, .production].map { kind in
                FlowEnvironmentView(name: Self.environmentName(kind), flows: rows.filter { $0.0 == kind }.map(\.1))
            }), status: status)
    }

    /// A problem's kind as a heading.
    static func problemTitle(_ kind: FlowProblem.Kind) -> String {
        switch kind {
        case .scheduleMissed: "Scheduled run missed"
        case .webhookDisabled: "Webhook stopped"
        case .credentialsRejected: "Credentials rejected"
        case .connectionRejected: "Connection refused"
        default: kind.rawValue
        }
    }

    /// The customer, environment and flow a pause or resume names; the environment must be the
    /// customer's (else 404, as for any address that is not the visitor's).
    private func flowAddress(_ visit: PortalVisit) throws -> (UUID, UUID, FlowKind) {
        let customerID = try Self.id(visit, "id")
        let environmentID = try Self.id(visit, "environment")
        guard let flow = visit.request.parameters["flow"].flatMap(FlowKind.init(validating:)) else {
            throw TenancyError.notFound("flow")
        }
        guard try Environments.get(environmentID, for: visit.principal, on: visit.connection).customerID == customerID else {
            throw TenancyError.notFound("environment")
        }
        return (customerID, environmentID, flow)
    }

    static func flowsPath(_ customerID: UUID) -> String { "/customers/\(customerID.uuidString.lowercased())/flows" }
}
