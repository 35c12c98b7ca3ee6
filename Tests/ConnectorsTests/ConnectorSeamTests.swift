import Commerce
import Connectors
import HTTPClient
import Testing

/// The seam's rules that every connector relies on: configurations checked against the
/// descriptor field by field, errors classed the way the worker pool decides on them.
@Suite struct ConnectorSeamTests {
    static let descriptor = ConnectorDescriptor(
        kind: ConnectorKind(rawValue: "example"), version: "1", displayName: "Example", protocolName: "HTTP",
        fields: [
            ConnectionField("url", label: "Store URL", help: "", kind: .url(schemes: ["http", "https"])),
            ConnectionField("batch_size", label: "Batch size", help: "", kind: .integer(1...100), isRequired: false,
                            defaultValue: "100"),
            ConnectionField("mode", label: "Mode", help: "", kind: .choice(["live", "test"]), isRequired: false),
            ConnectionField("secret", label: "Secret", help: "", kind: .secret),
        ],
        capabilities: [.testConnection, .readChanges(.order)])

    @Test func acceptsAConfigurationThatFillsEveryRequiredField() {
        let configuration = ConnectionConfiguration(settings: ["url": "https://shop.example"], secrets: ["secret": "s"])
        #expect(Self.descriptor.problems(in: configuration).isEmpty)
        #expect(Self.descriptor.withDefaults(configuration).settings["batch_size"] == "100")
    }

    @Test func namesEachFieldAndRuleThatAConfigurationBreaks() {
        let configuration = ConnectionConfiguration(
            settings: ["url": "ftp://shop.example", "batch_size": "500", "mode": "staging", "colour": "red"])
        let problems = Self.descriptor.problems(in: configuration)
        #expect(problems.map(\.path) == ["colour", "url", "batch_size", "mode", "secret"])
        #expect(problems.map(\.rule) == [.unknownField, .malformed, .outOfRange, .notOneOf, .required])
    }

    @Test func refusesAURLThatCarriesCredentials() {
        let configuration = ConnectionConfiguration(settings: ["url": "https://ck:cs@shop.example"], secrets: ["secret": "s"])
        #expect(Self.descriptor.problems(in: configuration).map(\.path) == ["url"])
    }

    @Test func redactsSecretsInItsDescription() {
        let configuration = ConnectionConfiguration(settings: ["url": "https://shop.example"], secrets: ["secret": "hunter2"])
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description.contains("secret=<redacted>"))
    }

    @Test func classesHTTPStatusesAsTheWorkerPoolDecidesOnThem() {
        func errorClass(_ status: Int) -> ConnectorError.Class {
            ConnectorError.classifying(OutboundResponse(status: status, body: Array("{}".utf8)), while: "reading").errorClass
        }
        #expect([429, 500, 502, 503, 408].map(errorClass) == Array(repeating: .transient, count: 5))
        #expect([401, 403, 404].map(errorClass) == [.permanent, .permanent, .permanent])
        #expect([400, 409, 422].map(errorClass) == [.business, .business, .business])
    }

    @Test func keepsRetryAfterAndAnExcerptOfTheUpstreamBody() {
        let body = Array(#"{"code":"too_many_requests"}"#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 2_000)
        let error = ConnectorError.classifying(
            OutboundResponse(status: 429, headers: ["Retry-After": "7"], body: body), while: "reading orders")
        #expect(error.retryAfter == .seconds(7))
        #expect(error.upstream?.status == 429)
        #expect(error.upstream?.excerpt.hasPrefix(#"{"code":"too_many_requests"}"#) == true)
        #expect((error.upstream?.excerpt.count ?? 0) <= UpstreamReply.excerptLimit + 1)
    }

    @Test func roundTripsAConnectorsPositionThroughACursor() throws {
        struct Position: Codable, Equatable { var modifiedAfter: String; var seen: [Int] }
        let cursor = try ChangeCursor(encoding: Position(modifiedAfter: "2026-11-22T10:00:00", seen: [3, 4]))
        #expect(try cursor.decode(Position.self) == Position(modifiedAfter: "2026-11-22T10:00:00", seen: [3, 4]))
        #expect(throws: ConnectorError.self) { try ChangeCursor(rawValue: "not json").decode(Position.self) }
    }
}
