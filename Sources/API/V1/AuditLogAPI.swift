import Foundation
import HTTP
import Tenancy

/// `/audit-log`: every change in the caller's tenant, newest first, filterable, exportable as CSV.
enum AuditLogAPI {
    static let entry = NamedSchema("AuditEntry", .object([
        .init("id", .uuid),
        .init("partner_id", .uuid),
        .init("occurred_at", .dateTime),
        .init("actor_kind", .enumeration(["user", "api_token", "platform", "system"])),
        .init("actor_user_id", JSONSchema.uuid.nullable, required: false),
        .init("actor_email", JSONSchema.string.nullable, required: false),
        .init("actor_role", JSONSchema.string.nullable, required: false),
        .init("actor_token_id", JSONSchema.uuid.nullable, required: false),
        .init("customer_id", JSONSchema.uuid.nullable, required: false),
        .init("action", .string),
        .init("target_type", .string),
        .init("target_id", JSONSchema.string.nullable, required: false),
        .init("before", JSONSchema.anyValue.described("The row before the change."), required: false),
        .init("after", JSONSchema.anyValue.described("The row after the change."), required: false),
        .init("request_id", JSONSchema.string.nullable, required: false),
        .init("remote_address", JSONSchema.string.nullable, required: false),
    ]))

    static let filters: [EndpointParameter] = [
        EndpointParameter(query: "action", .string(maxLength: 100), description: "e.g. customer.suspend"),
        EndpointParameter(query: "actor_user_id", .uuid),
        EndpointParameter(query: "target_type", .string(maxLength: 50)),
        EndpointParameter(query: "target_id", .string(maxLength: 100)),
        EndpointParameter(query: "customer_id", .uuid),
        EndpointParameter(query: "since", .dateTime, description: "Inclusive."),
        EndpointParameter(query: "until", .dateTime, description: "Exclusive."),
    ]

    /// The most rows one CSV export holds; narrow the filter (`since`/`until`) for more.
    static let exportLimit = 10_000

    /// An entry as the API shows it: before/after as JSON, not JSON text.
    struct Body: Encodable {
        var id: UUID
        var partnerID: UUID
        var occurredAt: Date
        var actorKind: String
        var actorUserID: UUID?
        var actorEmail: String?
        var actorRole: String?
        var actorTokenID: UUID?
        var customerID: UUID?
        var action: String
        var targetType: String
        var targetID: String?
        var before: JSONValue?
        var after: JSONValue?
        var requestID: String?
        var remoteAddress: String?

        init(_ entry: AuditEntry) {
            id = entry.id
            partnerID = entry.partnerID
            occurredAt = entry.occurredAt
            actorKind = entry.actorKind
            actorUserID = entry.actorUserID
            actorEmail = entry.actorEmail
            actorRole = entry.actorRole
            actorTokenID = entry.actorTokenID
            customerID = entry.customerID
            action = entry.action
            targetType = entry.targetType
            targetID = entry.targetID
            before = entry.before.flatMap(JSONValue.init(text:))
            after = entry.after.flatMap(JSONValue.init(text:))
            requestID = entry.requestID
            remoteAddress = entry.remoteAddress
        }
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/audit-log", operationID: "listAuditLog", summary: "The audit log, newest first",
                             tag: "audit", permission: .auditRead, parameters: filters, response: entry,
                             isPaginated: true) { context in
                let page = try PageRequest(context.request)
                let rows = try AuditLog.list(try filter(context.request), after: page.cursor?.id, limit: page.fetchLimit,
                                             on: context.connection)
                return try .json(page.page(of: rows.map(Body.init)) { Cursor(after: $0.id) })
            },
            gateway.endpoint(.get, "/audit-log/export", operationID: "exportAuditLog",
                             summary: "The audit log as CSV (at most 10,000 rows, newest first)", tag: "audit",
                             permission: .auditRead, parameters: filters, responseMediaType: "text/csv") { context in
                let rows = try AuditLog.list(try filter(context.request), after: nil, limit: exportLimit, on: context.connection)
                var table = CSVDocument(header: [
                    "id", "occurred_at", "actor_kind", "actor_email", "actor_role", "actor_token_id", "customer_id",
                    "action", "target_type", "target_id", "before", "after", "request_id", "remote_address",
                ])
                for row in rows {
                    table.append([
                        row.id.uuidString.lowercased(), APIJSON.formatTimestamp(row.occurredAt), row.actorKind, row.actorEmail,
                        row.actorRole, row.actorTokenID?.uuidString.lowercased(), row.customerID?.uuidString.lowercased(),
                        row.action, row.targetType, row.targetID, row.before, row.after, row.requestID, row.remoteAddress,
                    ])
                }
                return Response(status: .ok, headers: [
                    "Content-Type": "text/csv; charset=utf-8",
                    "Content-Disposition": "attachment; filename=\"audit-log.csv\"",
                ], body: Array(table.text.utf8))
            },
        ]
    }

    static func filter(_ request: Request) throws(ProblemError) -> AuditFilter {
        let query = request.queryParameters
        var errors: [FieldError] = []
        func timestamp(_ name: String) -> Date? {
            guard let text = query[name] else { return nil }
            guard let date = APIJSON.parseTimestamp(text) else {
                errors.append(FieldError(field: name, message: "must be an RFC 3339 date-time such as 2026-11-01T00:00:00Z"))
                return nil
            }
            return date
        }
        let since = timestamp("since"), until = timestamp("until")
        if !errors.isEmpty { throw .invalidParameters(errors) }
        return AuditFilter(action: query["action"], actorUserID: try request.uuidQueryParameter("actor_user_id"),
                           targetType: query["target_type"], targetID: query["target_id"],
                           customerID: try request.uuidQueryParameter("customer_id"), since: since, until: until)
    }
}
