import Connectors
import Flows
import Foundation

/// A connector's descriptor as the API shows it: enough for a client to build the form.
struct ConnectorJSON: Encodable {
    struct Field: Encodable {
        var name: String
        var label: String
        var help: String
        var type: String
        var required: Bool
        var secret: Bool
        var `default`: String?
        var choices: [String]?
        var urlSchemes: [String]?
        var minimum: Int?
        var maximum: Int?

        enum CodingKeys: String, CodingKey {
            case name, label, help, type, required, secret, `default`, choices, urlSchemes = "url_schemes", minimum, maximum
        }

        init(_ field: ConnectionField) {
            name = field.name
            label = field.label
            help = field.help
            required = field.isRequired
            secret = field.isSecret
            `default` = field.defaultValue
            switch field.kind {
            case .text: type = "text"
            case .url(let schemes): type = "url"; urlSchemes = schemes
            case .integer(let range): type = "integer"; minimum = range.lowerBound; maximum = range.upperBound
            case .choice(let options): type = "choice"; choices = options
            case .secret: type = "secret"
            case .multilineSecret: type = "multiline_secret"
            }
        }
    }

    var kind: String
    var version: String
    var displayName: String
    var `protocol`: String
    var fields: [Field]
    var capabilities: [String]

    enum CodingKeys: String, CodingKey {
        case kind, version, displayName = "display_name", `protocol`, fields, capabilities
    }

    init(_ descriptor: ConnectorDescriptor) {
        kind = descriptor.kind.rawValue
        version = descriptor.version
        displayName = descriptor.displayName
        `protocol` = descriptor.protocolName
        fields = descriptor.fields.map(Field.init)
        capabilities = descriptor.sortedCapabilities.map(\.description)
    }
}

/// A "Test connection" outcome as the API shows it.
struct TestResultJSON: Encodable {
    struct ErrorJSON: Encodable {
        var `class`: String
        var message: String
        var upstreamStatus: Int?
        var upstreamExcerpt: String?
        enum CodingKeys: String, CodingKey {
            case `class`, message, upstreamStatus = "upstream_status", upstreamExcerpt = "upstream_excerpt"
        }
    }

    struct Fact: Encodable {
        var label: String
        var value: String
    }

    var succeeded: Bool
    var summary: String
    var testedAt: Date
    var elapsedMS: Int
    var facts: [Fact]
    var error: ErrorJSON?

    enum CodingKeys: String, CodingKey {
        case succeeded, summary, testedAt = "tested_at", elapsedMS = "elapsed_ms", facts, error
    }

    init(_ result: ConnectionTestResult) {
        succeeded = result.succeeded
        summary = result.summary
        testedAt = result.testedAt
        let (seconds, attoseconds) = result.elapsed.components
        elapsedMS = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        facts = result.facts.map { Fact(label: $0.label, value: $0.value) }
        error = result.error.map {
            ErrorJSON(class: $0.errorClass.rawValue, message: $0.message, upstreamStatus: $0.upstream?.status,
                      upstreamExcerpt: $0.upstream?.excerpt)
        }
    }
}
