import Flows
import Foundation
import HTTP
import Tenancy

// The exception queue and message list (issue 6 §6): the partner's or one customer's
// messages, filtered, newest first, with "Retry selected" and "Retry all matching"; and the
// "Where is order 123?" timeline. Customer viewers reach only their own customer's messages —
// `Messages.list` narrows to the principal's customer and row-level security enforces it —
// and get no forms. Retries go through `Messages.retry`, which audits and enqueues the jobs.
extension PortalRoutes {
    static let messagesPerPage = 50
    /// The most one "Retry all matching" moves: a filter left too wide must not flood the
    /// workers (and one request's transaction) with a whole history of failures.
    static let bulkRetryCap = 1000

    func registerMessagePages(on router: Router) {
        router.get("/messages", page(signedIn(.messagesRead, Self.messageList)))
        router.post("/messages/retry", page(signedIn(.messagesWrite, Self.retryMessages)))
        router.get("/customers/:id/messages", page(signedIn(.messagesRead, Self.messageList)))
        router.post("/customers/:id/messages/retry", page(signedIn(.messagesWrite, Self.retryMessages)))
        router.get("/timeline", page(signedIn(.messagesRead, Self.messageTimeline)))
        registerMessageStoryPages(on: router)
    }

    /// `GET /messages` and `GET /customers/:id/messages`, filtered by `MessageListQuery`,
    /// paged by `before=<id of the last row shown>`.
    func messageList(_ visit: PortalVisit) throws -> Response {
        let customer = try listedCustomer(visit)
        let listPath = customer.map { Self.path(of: $0) + "/messages" } ?? "/messages"
        let query = MessageListQuery(visit.request.queryParameters, customerID: customer?.id)
        let cursor = try visit.request.queryParameters["before"].flatMap(UUID.init(uuidString:)).map {
            try Messages.get($0, for: visit.principal, on: visit.connection)
        }
        let found = query.problems.isEmpty ? try Messages.list(query.filter, after: cursor, limit: Self.messagesPerPage + 1,
                                                               for: visit.principal, on: visit.connection) : []
        let shown = Array(found.prefix(Self.messagesPerPage))
        let errors = FieldErrors(query.problems)
        let mayRetry = visit.principal.may(.messagesWrite)
        let showsCustomer = customer == nil && !visit.principal.role.isCustomerScoped
        let names = showsCustomer ? try customerNames(of: shown, visit) : [:]
        let retried = visit.request.queryParameters["retried"].flatMap(Int.init).map { max(0, min($0, Self.bulkRetryCap)) }
        return try visit.render(.messages, MessageListView(
            chrome: visit.chrome(.messages), csrfToken: visit.csrfToken,
            heading: customer.map { "Messages of \($0.name)" } ?? "Messages",
            customerPath: customer.map(Self.path(of:)), customerName: customer?.name, showsCustomer: showsCustomer,
            filter: Self.filterView(query, errors: errors, action: listPath),
            rows: shown.map { message in
                MessageRowView(id: message.id.uuidString.lowercased(), path: Self.path(of: message),
                               received: PortalFormat.minute(message.receivedAt),
                               customerName: showsCustomer ? names[message.customerID] : nil,
                               flowName: message.flow.displayName, environmentName: Self.environmentName(message.environmentKind),
                               sourceSystem: message.sourceSystem, reference: message.reference,
                               status: Self.badge(message.status), resolution: message.resolution.map(Self.resolutionName),
                               attempts: message.attempts, lastError: message.lastError.map { String($0.text.prefix(160)) },
                               isRetryable: mayRetry && message.status.needsAttention)
            },
            retryAction: mayRetry ? query.link(listPath + "/retry") : nil, retryCap: Self.bulkRetryCap,
            retriedNotice: retried.map { $0 == 1 ? "1 message was put back in line." : "\($0) messages were put back in line." },
            olderPage: found.count > Self.messagesPerPage
                ? query.link(listPath, "before=\(shown.last!.id.uuidString.lowercased())") : nil,
            newestPage: cursor == nil ? nil : query.link(listPath)))
    }

    /// `POST …/messages/retry?<the list's filter>`: `scope=selected` retries the ticked `id`s,
    /// `scope=matching` every exception and dead message the filter matches, up to
    /// `bulkRetryCap`. Messages that do not need attention are left alone by `Messages.retry`.
    func retryMessages(_ visit: PortalVisit) throws -> Response {
        let customer = try listedCustomer(visit)
        let listPath = customer.map { Self.path(of: $0) + "/messages" } ?? "/messages"
        var query = MessageListQuery(visit.request.queryParameters, customerID: customer?.id)
        let ids: [UUID]
        if visit.form["scope"] == "matching" {
            guard query.problems.isEmpty else { return Response.redirect(to: query.link(listPath, "retried=0")) }
            // Only these two can be retried; a filter on another status matches nothing to retry.
            let retryable: Set<Message.Status> = [.exception, .dead]
            query.filter.statuses = query.filter.statuses.isEmpty ? retryable : query.filter.statuses.intersection(retryable)
            ids = query.filter.statuses.isEmpty ? [] : try matchingIDs(query.filter, visit)
        } else {
            ids = visit.form.fields.filter { $0.name == "id" }.compactMap { UUID(uuidString: $0.value) }
                .prefix(Self.bulkRetryCap).map { $0 }
        }
        let retried = ids.isEmpty ? [] : try Messages.retry(ids, by: visit.caller, at: visit.now, on: visit.connection)
        return Response.redirect(to: query.link(listPath, "retried=\(retried.count)"))
    }

    /// `GET /timeline?reference=123`: every message of that reference — or carrying that id in
    /// any system — oldest first, across flows and (for partner users) customers.
    func messageTimeline(_ visit: PortalVisit) throws -> Response {
        let reference = visit.request.queryParameters["reference"].map { $0.trimmingCharacters(in: .whitespaces) }
            .flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        let limit = 500
        let found = try reference.map {
            try Messages.list(MessageFilter(reference: $0), limit: limit, for: visit.principal, on: visit.connection)
        } ?? []
        let names = visit.principal.role.isCustomerScoped ? [:] : try customerNames(of: found, visit)
        return try visit.render(.messageTimeline, MessageTimelineView(
            chrome: visit.chrome(.messages), reference: reference,
            entries: found.reversed().map { message in
                TimelineEntryView(path: Self.path(of: message), received: PortalFormat.minute(message.receivedAt),
                                  customerName: names[message.customerID], flowName: message.flow.displayName,
                                  environmentName: Self.environmentName(message.environmentKind), subject: message.subject,
                                  messageReference: message.reference, sourceSystem: message.sourceSystem, status: Self.badge(message.status),
                                  lastError: message.lastError.map { String($0.text.prefix(300)) },
                                  replayOf: message.replayOf.map { $0.uuidString.lowercased() })
            },
            isCut: found.count == limit,
            listPath: reference.map { "/messages?reference=" + Self.percentEncoded($0) }))
    }

    // MARK: Pieces

    /// The customer of a `/customers/:id/messages` path, or nil on the partner-wide list.
    private func listedCustomer(_ visit: PortalVisit) throws -> Customer? {
        guard visit.request.parameters["id"] != nil else { return nil }
        return try Customers.get(try Self.id(visit, "id"), for: visit.principal, on: visit.connection)
    }

    /// The ids of up to `bulkRetryCap` messages matching `filter`, a list page at a time.
    private func matchingIDs(_ filter: MessageFilter, _ visit: PortalVisit) throws -> [UUID] {
        var matched: [Message] = []
        while matched.count < Self.bulkRetryCap {
            let wanted = min(500, Self.bulkRetryCap - matched.count)
            let page = try Messages.list(filter, after: matched.last, limit: wanted, for: visit.principal, on: visit.connection)
            matched += page
            if page.count < wanted { break }
        }
        return matched.map(\.id)
    }

    /// The names of the customers `messages` belong to, one lookup per customer.
    func customerNames(of messages: [Message], _ visit: PortalVisit) throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for id in Set(messages.map(\.customerID)) {
            names[id] = try Customers.get(id, for: visit.principal, on: visit.connection).name
        }
        return names
    }

    static func filterView(_ query: MessageListQuery, errors: FieldErrors, action: String) -> MessageFilterView {
        MessageFilterView(
            action: action,
            statusSelect: SelectFieldView(name: "status", label: "Status",
                                          choices: [("", "Any")] + Message.Status.allCases.map { ($0.rawValue, statusName($0)) },
                                          selected: query.typedValue("status") ?? "", errorMessage: errors["status"]),
            flowSelect: SelectFieldView(name: "flow", label: "Flow",
                                        choices: [("", "Any")] + FlowKind.allCases.map { ($0.rawValue, $0.displayName) },
                                        selected: query.typedValue("flow") ?? "", errorMessage: errors["flow"]),
            systemField: FormFieldView(name: "system", label: "From system", value: query.typedValue("system"),
                                       isRequired: false, hint: "e.g. woocommerce, tryton-erp"),
            sinceField: FormFieldView(name: "since", label: "Received from (UTC day)", inputType: "date",
                                      value: query.typedValue("since"), errorMessage: errors["since"], isRequired: false),
            untilField: FormFieldView(name: "until", label: "Received to (UTC day, inclusive)", inputType: "date",
                                      value: query.typedValue("until"), errorMessage: errors["until"], isRequired: false),
            referenceField: FormFieldView(name: "reference", label: "Reference", inputType: "search",
                                          value: query.typedValue("reference"), isRequired: false,
                                          hint: "Our reference or its id in any system, e.g. an order number"))
    }

    static func badge(_ status: Message.Status) -> StatusBadgeView {
        let tone = switch status {
        case .delivered: "success"
        case .exception, .retrying: "warning"
        case .dead: "danger"
        case .received, .processing, .skipped: "neutral"
        }
        return StatusBadgeView(name: statusName(status), tone: tone)
    }

    static func statusName(_ status: Message.Status) -> String {
        switch status {
        case .received: "Received"
        case .processing: "Processing"
        case .delivered: "Delivered"
        case .retrying: "Retrying"
        case .exception: "Exception"
        case .dead: "Dead"
        case .skipped: "Skipped"
        }
    }

    static func resolutionName(_ resolution: Message.Resolution) -> String {
        resolution == .resolved ? "Resolved" : "Ignored"
    }

    static func path(of message: Message) -> String { "/messages/\(message.id.uuidString.lowercased())" }
}
