import Flows
import Foundation
import HTTP
import Tenancy

/// `/customers/{id}/mappings/{flow}` and `/customers/{id}/lookup-tables`: a customer's field
/// mappings per flow, their versions, a preview that saves nothing, and the lookup tables the
/// mappings read (issue 5 §8). Reading and previewing need `mappings:read`; saving and
/// importing `mappings:write`. Every save is a new version, audited; a document's problems
/// come back as JSON Pointers into the request body (`/mapping/fields/3/source`).
enum MappingsAPI {
    static let customerParameter = EndpointParameter(path: "id", .uuid, description: "The customer.")
    static let flowParameter = EndpointParameter(path: "flow", .enumeration(MappingJSON.flows), description: "The flow template.")
    static let nameParameter = EndpointParameter(path: "name", MappingJSON.nameSchema, description: "The lookup table.")
    /// A document of 300 rules is some 50 KiB; a sample record a few; far below the server's 1 MiB.
    static let maximumDocumentBytes = 512 * 1024

    struct SaveBody: StrictlyDecodable {
        var mapping: JSON
        var note: String?
        var expectedVersion: Int?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case mapping, note, expectedVersion = "expected_version"
        }
    }

    struct PreviewRequestBody: StrictlyDecodable {
        var record: JSON
        var mapping: JSON?
        enum CodingKeys: String, CodingKey, CaseIterable { case record, mapping }
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        var save = gateway.endpoint(
            .put, "/customers/{id}/mappings/{flow}", operationID: "saveMapping",
            summary: "Save a customer's mapping for a flow as its next version", tag: "mappings", permission: .mappingsWrite,
            parameters: [customerParameter, flowParameter], requestBody: MappingJSON.save, response: MappingJSON.version,
            problems: [.conflict]) { context in
            let (customerID, flow) = try customerAndFlow(context.request)
            let body = try context.request.decodeJSON(SaveBody.self)
            let mapping = try document(body.mapping)
            do {
                let saved = try Mappings.save(mapping, customer: customerID, flow: flow, note: body.note,
                                              expectedVersion: body.expectedVersion, by: context.caller, on: context.connection)
                return try .json(MappingJSON.VersionBody(saved))
            } catch TenancyError.invalid(let problems) {
                throw ProblemError.validation(problems.map { problem in
                    FieldError(field: problem.field == "note" ? "/note" : MappingJSON.pointer(problem.field), message: problem.message)
                })
            } catch TenancyError.conflict(let problem) {
                throw ProblemError.conflict("Version \(problem.message).",
                                            errors: [FieldError(field: "/expected_version", message: problem.message)])
            }
        }
        save.maximumBodyBytes = maximumDocumentBytes
        var preview = gateway.endpoint(
            .post, "/customers/{id}/mappings/{flow}/preview", operationID: "previewMapping",
            summary: "Map a sample record with a mapping (or the current version) without saving anything", tag: "mappings",
            permission: .mappingsRead, parameters: [customerParameter, flowParameter], requestBody: MappingJSON.previewRequest,
            response: MappingJSON.previewResult) { context in
            let (customerID, flow) = try customerAndFlow(context.request)
            let body = try context.request.decodeJSON(PreviewRequestBody.self)
            let mapping: Mapping
            var version: Int?
            if let sent = body.mapping {
                mapping = try document(sent)
                let problems = try Mappings.problems(of: mapping, customer: customerID, flow: flow, for: context.principal,
                                                     on: context.connection)
                if !problems.isEmpty {
                    throw ProblemError.validation(problems.map { FieldError(field: MappingJSON.pointer($0.field), message: $0.message) })
                }
            } else {
                guard let current = try Mappings.current(customer: customerID, flow: flow, for: context.principal,
                                                         on: context.connection) else { throw ProblemError.notFound("mapping") }
                mapping = current.mapping
                version = current.version
            }
            let lookups = try Mappings.lookupTables(named: mapping.lookupTableNames, customer: customerID, for: context.principal,
                                                    on: context.connection)
            return try .json(MappingJSON.PreviewBody(MappingEvaluator.apply(mapping, to: body.record, lookups: lookups),
                                                     version: version))
        }
        preview.maximumBodyBytes = maximumDocumentBytes
        var importTable = gateway.endpoint(
            .put, "/customers/{id}/lookup-tables/{name}", operationID: "importLookupTable",
            summary: "Create or replace a customer's lookup table from CSV (key,value)", tag: "mappings",
            permission: .mappingsWrite, parameters: [customerParameter, nameParameter], requestBody: MappingJSON.lookupCSV,
            response: MappingJSON.lookupTable) { context in
            let customerID = try context.request.uuidParameter("id")
            // Another tenant's customer is a 404 whatever the body is, as on every endpoint.
            _ = try Customers.get(customerID, for: context.principal, on: context.connection)
            guard isCSV(context.request.headers["Content-Type"]) else {
                throw ProblemError(status: .unsupportedMediaType, slug: "unsupported-media-type", title: "Unsupported media type",
                                   detail: "The request body must be sent as Content-Type: text/csv.")
            }
            do {
                return try .json(Mappings.importLookupTable(context.request.parameters["name"] ?? "", csv: context.request.body,
                                                            customer: customerID, by: context.caller, now: context.now,
                                                            on: context.connection))
            } catch TenancyError.invalid(let problems) {
                // The file's problems name their lines; the body is the file, so its pointer is "".
                throw ProblemError.validation(problems.map {
                    FieldError(field: $0.field == "name" ? "name" : "", message: $0.message)
                })
            }
        }
        importTable.requestMediaType = "text/csv"
        importTable.maximumBodyBytes = 960 * 1024
        return [
            gateway.endpoint(.get, "/customers/{id}/mappings/{flow}", operationID: "getMapping",
                             summary: "Read the current version of a customer's mapping for a flow", tag: "mappings",
                             permission: .mappingsRead, parameters: [customerParameter, flowParameter],
                             response: MappingJSON.version) { context in
                let (customerID, flow) = try customerAndFlow(context.request)
                guard let current = try Mappings.current(customer: customerID, flow: flow, for: context.principal,
                                                         on: context.connection) else { throw ProblemError.notFound("mapping") }
                return try .json(MappingJSON.VersionBody(current))
            },
            save,
            gateway.endpoint(.get, "/customers/{id}/mappings/{flow}/versions", operationID: "listMappingVersions",
                             summary: "The versions of a customer's mapping for a flow, newest first (at most 100)", tag: "mappings",
                             permission: .mappingsRead, parameters: [customerParameter, flowParameter],
                             response: MappingJSON.versionList) { context in
                let (customerID, flow) = try customerAndFlow(context.request)
                let versions = try Mappings.versions(customer: customerID, flow: flow, for: context.principal, on: context.connection)
                return try .json(MappingJSON.VersionListBody(data: versions.map(MappingJSON.VersionBody.init)))
            },
            preview,
            gateway.endpoint(.get, "/customers/{id}/lookup-tables", operationID: "listLookupTables",
                             summary: "A customer's lookup tables, without their rows", tag: "mappings", permission: .mappingsRead,
                             parameters: [customerParameter], response: MappingJSON.lookupTableList) { context in
                let tables = try Mappings.lookupTables(customer: try context.request.uuidParameter("id"), for: context.principal,
                                                       on: context.connection)
                return try .json(MappingJSON.LookupTableListBody(data: tables))
            },
            importTable,
        ]
    }

    /// The customer and flow the path names; an unknown flow is a 404, as an unknown customer is.
    static func customerAndFlow(_ request: Request) throws(ProblemError) -> (UUID, FlowKind) {
        let customerID = try request.uuidParameter("id")
        guard let flow = request.parameters["flow"].flatMap(FlowKind.init(validating:)) else { throw .notFound("flow") }
        return (customerID, flow)
    }

    /// The mapping document in a request body, or a 422 naming each problem by its pointer.
    static func document(_ json: JSON) throws(ProblemError) -> Mapping {
        do {
            return try Mapping(json: json)
        } catch {
            throw .validation(error.problems.map { FieldError(field: MappingJSON.pointer($0.path), message: $0.message) })
        }
    }

    /// Whether `contentType` is `text/csv` (RFC 4180 §3), parameters (`charset=utf-8`) aside.
    static func isCSV(_ contentType: String?) -> Bool {
        guard let mediaType = contentType?.split(separator: ";", maxSplits: 1).first else { return false }
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "text/csv"
    }
}
