import API
import Foundation
import HTTP
import Synchronization

/// A small API over an in-memory list of widgets that uses every feature of the foundation:
/// pagination, a filter, a strict body, Idempotency-Key, a path id, a public operation, and a
/// wrapper doing bearer authentication and permission checks as the real API's will.
final class SampleAPI: Sendable {
    static let token = "sample-token"
    /// The permissions the sample token has; `widgets:admin` is deliberately missing.
    static let grantedPermissions: Set<String> = ["widgets:read", "widgets:write"]

    struct Widget: Encodable, Sendable {
        var id: UUID
        var name: String
        var colour: String
        var size: Int
        var tags: [String]
        var createdAt: Date
    }

    struct CreateWidget: StrictlyDecodable {
        var name: String
        var colour: String
        var size: Int
        var tags: [String]?
        var dimensions: Dimensions?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, colour, size, tags, dimensions
        }

        static var nestedObjects: [String: any StrictlyDecodable.Type] { ["dimensions": Dimensions.self] }
    }

    struct Dimensions: StrictlyDecodable {
        var widthMillimetres: Int
        enum CodingKeys: String, CodingKey, CaseIterable {
            case widthMillimetres = "width_mm"
        }
    }

    static let colours = ["red", "green", "blue"]

    static let widgetSchema = NamedSchema("Widget", .object([
        .init("id", .uuid),
        .init("name", .string(minLength: 1, maxLength: 100)),
        .init("colour", .enumeration(colours)),
        .init("size", .integer(minimum: 1, maximum: 10)),
        .init("tags", .array(of: .string, maxItems: 5)),
        .init("created_at", .dateTime),
    ]))

    static let createWidgetSchema = NamedSchema("CreateWidget", .object([
        .init("name", .string(minLength: 1, maxLength: 100)),
        .init("colour", .enumeration(colours)),
        .init("size", .integer(minimum: 1, maximum: 10)),
        .init("tags", .array(of: .string(maxLength: 20), maxItems: 5), required: false),
        .init("dimensions", JSONSchema.reference("Dimensions").nullable, required: false),
    ]))

    static let dimensionsSchema = NamedSchema("Dimensions", .object([.init("width_mm", .integer(minimum: 1, maximum: 10_000))]))

    private let widgets = Mutex<[Widget]>([])
    private let idempotency = InMemoryIdempotencyStore()

    var description: APIDescription {
        APIDescription(title: "Sample API", version: "0.1.0", endpoints: [
            Endpoint(.get, "/widgets", operationID: "listWidgets", summary: "List widgets", tag: "widgets",
                     permission: "widgets:read",
                     parameters: [EndpointParameter(query: "colour", .enumeration(Self.colours))],
                     response: Self.widgetSchema, isPaginated: true) { [self] in try list($0) },
            Endpoint(.post, "/widgets", operationID: "createWidget", summary: "Create a widget", tag: "widgets",
                     permission: "widgets:write", requestBody: Self.createWidgetSchema, successStatus: .created,
                     response: Self.widgetSchema, acceptsIdempotencyKey: true, problems: [.conflict]) { [self] request in
                try idempotency.inTransaction { try idempotency.respond(to: request, scope: "sample") { try create($0) } }
            },
            Endpoint(.get, "/widgets/{id}", operationID: "getWidget", summary: "Read a widget", tag: "widgets",
                     permission: "widgets:read", parameters: [EndpointParameter(path: "id", .uuid)],
                     response: Self.widgetSchema) { [self] in try read($0) },
            Endpoint(.delete, "/widgets/{id}", operationID: "deleteWidget", summary: "Delete a widget", tag: "widgets",
                     permission: "widgets:admin", parameters: [EndpointParameter(path: "id", .uuid)],
                     successStatus: .noContent) { _ in Response(status: .noContent) },
            Endpoint(.get, "/status", operationID: "getStatus", summary: "Service status", tag: "meta",
                     permission: nil, response: NamedSchema("Status", .object([.init("ok", .boolean)])),
                     execution: .eventLoop) { _ in try .json(["ok": true]) },
        ], schemas: [Self.dimensionsSchema])
    }

    /// Bearer authentication and the permission check, as the real API's wrapper will do them.
    static let authenticate: APIDescription.Wrapper = { endpoint, handler in
        { request in
            guard let permission = endpoint.permission else { return try handler(request) }
            guard let authorization = request.headers["Authorization"] else { throw ProblemError.unauthorized }
            guard authorization == "Bearer \(token)" else { throw ProblemError.invalidToken }
            guard grantedPermissions.contains(permission) else { throw ProblemError.forbidden(permission: permission) }
            return try handler(request)
        }
    }

    /// A router with the middleware the application will use and the sample API installed.
    func makeRouter() throws -> Router {
        let router = Router()
        router.logger.logLevel = .critical
        router.use(RequestIDMiddleware())
        var logger = router.logger
        logger.logLevel = .critical
        router.use(ProblemMiddleware(logger: logger))
        try description.install(on: router, wrappedBy: Self.authenticate, logger: logger)
        return router
    }

    private func list(_ request: Request) throws -> Response {
        let page = try PageRequest(request)
        let colour = try request.queryParameter("colour", oneOf: Self.colours)
        let rows = widgets.withLock { all in
            all.filter { widget in
                (colour == nil || widget.colour == colour) && page.cursor.map { widget.id.uuidString > $0.id.uuidString } ?? true
            }.prefix(page.fetchLimit)
        }
        return try .json(page.page(of: Array(rows)) { Cursor(after: $0.id) })
    }

    private func create(_ request: Request) throws -> Response {
        let input = try request.decodeJSON(CreateWidget.self)
        var validation = Validation()
        validation.length(input.name, in: 1...100, at: "/name")
        validation.oneOf(input.colour, Self.colours, at: "/colour")
        validation.range(input.size, in: 1...10, at: "/size")
        validation.require((input.tags ?? []).count <= 5, at: "/tags", "must have at most 5 items")
        for (index, tag) in (input.tags ?? []).enumerated() {
            validation.length(tag, in: 0...20, at: "/tags/\(index)")
        }
        if let width = input.dimensions?.widthMillimetres {
            validation.range(width, in: 1...10_000, at: "/dimensions/width_mm")
        }
        try validation.finish()
        // Ids in sort order, as UUIDv7 would give: a counter in the last bytes.
        let widget = try widgets.withLock { all throws(ProblemError) -> Widget in
            if all.contains(where: { $0.name == input.name }) {
                throw .conflict("A widget named that exists.", errors: [FieldError(field: "/name", message: "is taken")])
            }
            let widget = Widget(id: Self.sequentialID(all.count + 1), name: input.name, colour: input.colour,
                                size: input.size, tags: input.tags ?? [],
                                createdAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(all.count)))
            all.append(widget)
            return widget
        }
        return try .json(widget, status: .created)
    }

    private func read(_ request: Request) throws -> Response {
        let id = try request.uuidParameter("id")
        guard let widget = widgets.withLock({ $0.first { $0.id == id } }) else { throw ProblemError.notFound("widget") }
        return try .json(widget)
    }

    static func sequentialID(_ number: Int) -> UUID {
        let hex = String(number, radix: 16)
        return UUID(uuidString: "00000000-0000-7000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex)!
    }
}

/// An `IdempotencyStore` in memory, for tests: one lock stands in for the transaction.
final class InMemoryIdempotencyStore: IdempotencyStore, Sendable {
    private let records = Mutex<[String: IdempotencyRecord]>([:])

    func claim(_ key: IdempotencyKey, scope: String, fingerprint: RequestFingerprint) throws -> IdempotencyRecord? {
        records.withLock { records in
            if let existing = records[scope + "\u{0}" + key.value] { return existing }
            records[scope + "\u{0}" + key.value] = .inProgress(fingerprint)
            return nil
        }
    }

    func complete(_ key: IdempotencyKey, scope: String, fingerprint: RequestFingerprint, response: StoredResponse) throws {
        records.withLock { $0[scope + "\u{0}" + key.value] = .completed(fingerprint, response) }
    }

    /// Runs `body` as a transaction would: when it throws, every record goes back to what it
    /// was, as PostgreSQL's rollback would undo the claim. (Good enough for sequential tests;
    /// concurrent writers would lose each other's records.)
    func inTransaction<T>(_ body: () throws -> T) throws -> T {
        let before = records.withLock { $0 }
        do {
            return try body()
        } catch {
            records.withLock { $0 = before }
            throw error
        }
    }

    func record(_ key: String, scope: String) -> IdempotencyRecord? {
        records.withLock { $0[scope + "\u{0}" + key] }
    }
}
