/// JSON Schema keywords (2020-12 Core and Validation vocabularies), written out.
extension JSONSchema: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encodeIfPresent(description, forKey: "description")
        switch kind {
        case .reference(let name):
            let target = ["$ref": OpenAPIDocument.schemaReferencePrefix + name]
            if isNullable {
                try container.encode([AnyOfMember.reference(target), .null], forKey: "anyOf")
            } else {
                try container.encode(target["$ref"], forKey: "$ref")
            }
        case .anyValue:
            break
        case .string(let format, let allowed, let minLength, let maxLength, let pattern):
            try encodeType("string", into: &container)
            try container.encodeIfPresent(format?.rawValue, forKey: "format")
            if let allowed {
                // `enum` is checked on its own (§6.1.2): null must be listed for a nullable enum.
                let values: [String?] = allowed.map { $0 } + (isNullable ? [nil] : [])
                try container.encode(values, forKey: "enum")
            }
            try container.encodeIfPresent(minLength, forKey: "minLength")
            try container.encodeIfPresent(maxLength, forKey: "maxLength")
            try container.encodeIfPresent(pattern, forKey: "pattern")
        case .integer(let minimum, let maximum):
            try encodeType("integer", into: &container)
            try container.encodeIfPresent(minimum, forKey: "minimum")
            try container.encodeIfPresent(maximum, forKey: "maximum")
        case .number:
            try encodeType("number", into: &container)
        case .boolean:
            try encodeType("boolean", into: &container)
        case .array(let items, let maxItems):
            try encodeType("array", into: &container)
            try container.encode(items, forKey: "items")
            try container.encodeIfPresent(maxItems, forKey: "maxItems")
        case .object(let properties, let closed):
            try encodeType("object", into: &container)
            var members = container.nestedContainer(keyedBy: DynamicKey.self, forKey: "properties")
            for property in properties {
                try members.encode(property.schema, forKey: DynamicKey(property.name))
            }
            let required = properties.filter(\.isRequired).map(\.name)
            if !required.isEmpty { try container.encode(required, forKey: "required") }
            if closed { try container.encode(false, forKey: "additionalProperties") }
        }
    }

    /// `"type": "x"`, or `["x", "null"]` when nullable (2020-12 §6.1.1 allows an array).
    private func encodeType(_ name: String, into container: inout KeyedEncodingContainer<DynamicKey>) throws {
        if isNullable {
            try container.encode([name, "null"], forKey: "type")
        } else {
            try container.encode(name, forKey: "type")
        }
    }

    private enum AnyOfMember: Encodable {
        case reference([String: String])
        case null

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .reference(let target): try container.encode(target)
            case .null: try container.encode(["type": "null"])
            }
        }
    }
}

/// A coding key for member names known only at run time (schema properties, paths, status codes).
struct DynamicKey: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
    init(stringLiteral value: String) { stringValue = value }
}
