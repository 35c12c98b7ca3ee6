import Flows
import Foundation
import HTTP
import Tenancy

// One message's story (issue 6 §6): status, ids per system, every attempt, the payloads, the
// replay lineage, and the actions the viewer's role allows — Retry, Resolve / Ignore with a
// required comment, and "Edit and replay", which stores the edited payload as a new message
// (the original is kept as it was: DESIGN.md "an operator can edit its payload and replay it").
// The store functions check `messages:write` and write the audit entries.
extension PortalRoutes {
    func registerMessageStoryPages(on router: Router) {
        router.get("/messages/:message", page(signedIn(.messagesRead, Self.messageStory)))
        router.get("/messages/:message/input.json", page(signedIn(.messagesRead, Self.messageInputJSON)))
        router.get("/messages/:message/output.json", page(signedIn(.messagesRead, Self.messageOutputJSON)))
        router.post("/messages/:message/retry", page(signedIn(.messagesWrite, Self.retryMessage)))
        router.post("/messages/:message/resolve", page(signedIn(.messagesWrite, Self.resolveMessage)))
        router.post("/messages/:message/replay", page(signedIn(.messagesWrite, Self.replayMessage)))
    }

    /// `GET /messages/:message`.
    func messageStory(_ visit: PortalVisit) throws -> Response {
        try renderStory(visit, try Messages.story(try Self.id(visit, "message"), for: visit.principal, on: visit.connection),
                        errors: FieldErrors())
    }

    /// `GET /messages/:message/input.json`: the whole payload the page shows cut.
    func messageInputJSON(_ visit: PortalVisit) throws -> Response {
        Self.json(try Messages.get(try Self.id(visit, "message"), for: visit.principal, on: visit.connection).input)
    }

    /// `GET /messages/:message/output.json`.
    func messageOutputJSON(_ visit: PortalVisit) throws -> Response {
        let message = try Messages.get(try Self.id(visit, "message"), for: visit.principal, on: visit.connection)
        guard let output = message.output else { throw TenancyError.notFound("output") }
        return Self.json(output)
    }

    /// `POST …/retry`: back in line, due now, with a job to move it.
    func retryMessage(_ visit: PortalVisit) throws -> Response {
        let id = try Self.id(visit, "message")
        let retried = try Messages.retry([id], by: visit.caller, at: visit.now, on: visit.connection)
        guard let message = retried.first else {
            let story = try Messages.story(id, for: visit.principal, on: visit.connection)
            return try renderStory(visit, story, errors: FieldErrors([FieldProblem(
                field: "status", message: "is \(Self.statusName(story.message.status).lowercased()); only exceptions and dead messages are retried")]),
                status: .conflict)
        }
        return Response.redirect(to: Self.path(of: message) + "?notice=" + PortalNotice.messageRetried.rawValue)
    }

    /// `POST …/resolve`: `resolution` (`resolved` or `ignored`) and the required `comment`.
    func resolveMessage(_ visit: PortalVisit) throws -> Response {
        let id = try Self.id(visit, "message")
        let resolution = Message.Resolution(rawValue: visit.form["resolution"] ?? "") ?? .resolved
        do {
            let message = try Messages.resolve(id, as: resolution, comment: visit.form["comment"] ?? "", by: visit.caller,
                                               at: visit.now, on: visit.connection)
            let notice: PortalNotice = resolution == .resolved ? .messageResolved : .messageIgnored
            return Response.redirect(to: Self.path(of: message) + "?notice=" + notice.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderStory(visit, try Messages.story(id, for: visit.principal, on: visit.connection), errors: errors,
                                   status: .unprocessableContent)
        }
    }

    /// `POST …/replay`: `input`, the edited JSON, becomes a new message that replays this one.
    /// JSON that does not parse shows the form again with the error; nothing is stored.
    func replayMessage(_ visit: PortalVisit) throws -> Response {
        let id = try Self.id(visit, "message")
        let input: MessagePayload
        do {
            input = try MessagePayload(json: Array((visit.form["input"] ?? "").utf8))
        } catch {
            return try renderStory(visit, try Messages.story(id, for: visit.principal, on: visit.connection),
                                   errors: FieldErrors([FieldProblem(field: "input", message: String(describing: error))]),
                                   status: .unprocessableContent)
        }
        let replay = try Messages.replay(id, input: input, by: visit.caller, at: visit.now, on: visit.connection)
        return Response.redirect(to: Self.path(of: replay) + "?notice=" + PortalNotice.messageReplayed.rawValue)
    }

    // MARK: Rendering

    private func renderStory(_ visit: PortalVisit, _ story: MessageStory, errors: FieldErrors,
                             status: HTTPStatus = .ok) throws -> Response {
        let message = story.message
        let customer = try Customers.get(message.customerID, for: visit.principal, on: visit.connection)
        let path = Self.path(of: message)
        // Replays copy the reference; without one there is nothing to find them by.
        let replays = try message.reference.map { reference in
            try Messages.list(MessageFilter(customerID: message.customerID, flow: message.flow, reference: reference),
                              limit: 500, for: visit.principal, on: visit.connection).filter { $0.replayOf == message.id }
        } ?? []
        var facts = [FactView(label: "Customer", value: customer.name), FactView(label: "Flow", value: message.flow.displayName),
                     FactView(label: "Environment", value: Self.environmentName(message.environmentKind)),
                     FactView(label: "Subject", value: message.subject), FactView(label: "From system", value: message.sourceSystem)]
        if let reference = message.reference { facts.append(FactView(label: "Reference", value: reference)) }
        facts.append(FactView(label: "Received", value: PortalFormat.minute(message.receivedAt)))
        if let at = message.firstAttemptAt { facts.append(FactView(label: "First attempt", value: PortalFormat.minute(at))) }
        if let at = message.nextAttemptAt { facts.append(FactView(label: "Next attempt", value: PortalFormat.minute(at))) }
        if let at = message.finishedAt { facts.append(FactView(label: "Finished", value: PortalFormat.minute(at))) }
        if let latency = message.latency { facts.append(FactView(label: "Latency", value: Self.duration(latency))) }
        facts.append(FactView(label: "Attempts", value: "\(message.attempts)"))
        let typedPath = visit.request.method == .post ? visit.request.path : ""
        let needsDecision = message.status.needsAttention && message.resolution == nil
        let actions = visit.principal.may(.messagesWrite) ? MessageActionsView(
            retryAction: message.status.needsAttention ? path + "/retry" : nil,
            resolveAction: needsDecision ? path + "/resolve" : nil,
            commentField: needsDecision ? TextAreaView(
                name: "comment", label: "Comment", value: typedPath.hasSuffix("/resolve") ? visit.form["comment"] : nil,
                errorMessage: errors["comment"], isRequired: true,
                hint: "Required: what was done, or why it is left undone. Kept with the message and in the audit log.") : nil,
            resolutionSelect: needsDecision ? SelectFieldView(
                name: "resolution", label: "Decision",
                choices: [(Message.Resolution.resolved.rawValue, "Resolved — fixed elsewhere"),
                          (Message.Resolution.ignored.rawValue, "Ignored — deliberately left undone")],
                selected: typedPath.hasSuffix("/resolve") ? visit.form["resolution"] : Message.Resolution.resolved.rawValue) : nil,
            replayAction: path + "/replay",
            replayField: TextAreaView(
                name: "input", label: "Input (JSON)",
                value: typedPath.hasSuffix("/replay") ? visit.form["input"] : Self.prettyJSON(message.input.json) ?? message.input.json,
                errorMessage: errors["input"], isRequired: true,
                hint: "Sent as a new message of the same flow; this one is kept as it is."),
            formError: errors.unplaced(shown: ["comment", "input"])) : nil
        return try visit.render(.message, MessageStoryView(
            chrome: visit.chrome(visit.principal.role.isCustomerScoped ? .dashboard : .messages), csrfToken: visit.csrfToken,
            title: "\(message.flow.displayName): \(message.subject) \(message.reference ?? "")".trimmingCharacters(in: .whitespaces),
            listPath: Self.path(of: customer) + "/messages", customerName: customer.name, status: Self.badge(message.status),
            facts: facts, externalIDs: story.externalIDs.map { FactView(label: $0.system, value: $0.id) },
            lastError: message.lastError.map { error in
                "\(Self.errorClassName(error.errorClass)): \(error.text)" + (error.upstreamStatus.map { " (HTTP \($0))" } ?? "")
            },
            resolution: message.resolution.map { resolution in
                Self.resolutionName(resolution) + (message.resolutionComment.map { ": \($0)" } ?? "")
            },
            attempts: story.attempts.map { attempt in
                AttemptView(number: attempt.number, started: PortalFormat.minute(attempt.startedAt),
                            duration: attempt.finishedAt.map { Self.duration($0.timeIntervalSince(attempt.startedAt)) },
                            outcome: attempt.outcome.map(Self.badge), errorClass: attempt.error.map { Self.errorClassName($0.errorClass) },
                            errorText: attempt.error?.text, upstreamStatus: attempt.error?.upstreamStatus)
            },
            hasAttempts: !story.attempts.isEmpty,
            input: Self.payloadView(message.input, wholePath: path + "/input.json"),
            output: message.output.map { Self.payloadView($0, wholePath: path + "/output.json") },
            replayOf: message.replayOf.map { MessageLinkView(path: "/messages/\($0.uuidString.lowercased())", label: $0.uuidString.lowercased()) },
            replayedAs: replays.map { MessageLinkView(path: Self.path(of: $0), label: $0.id.uuidString.lowercased()) },
            actions: actions), status: status)
    }

    /// A payload pretty-printed (sorted keys) and cut to `MessagePayload.displayLimit`.
    static func payloadView(_ payload: MessagePayload, wholePath: String) -> PayloadView {
        // Pretty-printing costs a parse; past a few display sizes the cut raw text serves as well.
        let pretty = payload.byteCount <= 4 * MessagePayload.displayLimit ? prettyJSON(payload.json) : nil
        let text = pretty ?? payload.json
        let bytes = text.utf8.count
        guard bytes > MessagePayload.displayLimit else { return PayloadView(text: text, truncationNote: nil, wholePath: wholePath) }
        return PayloadView(text: String(decoding: text.utf8.prefix(MessagePayload.displayLimit), as: UTF8.self) + "\n…",
                           truncationNote: "Showing the first \(MessagePayload.displayLimit / 1024) KB of \(Self.size(payload.byteCount)).",
                           wholePath: wholePath)
    }

    /// `json` indented with sorted keys, or nil when it does not parse.
    static func prettyJSON(_ json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object,
                                                     options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1024 * 1024 ? "\((bytes + 1023) / 1024) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    /// `850 ms`, `12.3 s`, `4 min 5 s`.
    static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole < 3600 ? "\(whole / 60) min \(whole % 60) s" : "\(whole / 3600) h \(whole % 3600 / 60) min"
    }

    /// The whole JSON as it is stored, for a download or a closer look.
    static func json(_ payload: MessagePayload) -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"],
                 body: Array(payload.json.utf8))
    }
}
