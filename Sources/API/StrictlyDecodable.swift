/// A request body type whose JSON members are exactly its `CodingKeys`: a member the type does
/// not name is refused with 422 instead of being silently dropped, as `JSONDecoder` would.
///
/// A typo such as `{"emial": …}` must not turn into "field missing" or, worse, into a stored
/// default. The allowed names come from the type itself — its `CodingKeys`, which must be
/// `CaseIterable` and spell the JSON names — so the list cannot drift from the properties:
///
/// ```swift
/// struct CreateCustomer: StrictlyDecodable {
///     var name: String
///     var billingEmail: String
///     var address: Address            // Address: StrictlyDecodable too
///     enum CodingKeys: String, CodingKey, CaseIterable {
///         case name, billingEmail = "billing_email", address
///     }
///     static var nestedObjects: [String: any StrictlyDecodable.Type] { ["address": Address.self] }
/// }
/// ```
public protocol StrictlyDecodable: Decodable {
    /// The members, whose string values are the JSON names. Swift's synthesised `Decodable`
    /// uses this same type, which is what keeps the check honest.
    associatedtype CodingKeys: CodingKey & CaseIterable

    /// Members whose values are objects, or arrays of objects, of another strict type, by JSON
    /// name; their members are checked the same way. Defaults to none. (A computed property:
    /// a stored `static let` of metatypes is not `Sendable` under strict concurrency.)
    static var nestedObjects: [String: any StrictlyDecodable.Type] { get }
}

extension StrictlyDecodable {
    public static var nestedObjects: [String: any StrictlyDecodable.Type] { [:] }

    /// The JSON member names this type accepts.
    public static var memberNames: Set<String> { Set(CodingKeys.allCases.map(\.stringValue)) }

    /// The unknown members in `object` (a `JSONSerialization` tree) and below, as errors at
    /// their JSON Pointers; `path` is where `object` sits in the body.
    static func unknownMembers(in object: [String: Any], at path: [String]) -> [FieldError] {
        let allowed = memberNames
        var errors: [FieldError] = []
        for name in object.keys.sorted() {
            guard allowed.contains(name) else {
                errors.append(FieldError(bodyPath: path + [name], message: "is not a known field"))
                continue
            }
            guard let nested = nestedObjects[name] else { continue }
            errors += nested.unknownMembers(inValue: object[name] as Any, at: path + [name])
        }
        return errors
    }

    /// Checks `value` if it is an object or an array of objects; anything else (null, a wrong
    /// type) is left for the decoder, which names the type mismatch.
    static func unknownMembers(inValue value: Any, at path: [String]) -> [FieldError] {
        if let object = value as? [String: Any] { return unknownMembers(in: object, at: path) }
        if let array = value as? [Any] {
            return array.enumerated().flatMap { index, element in
                unknownMembers(inValue: element, at: path + [String(index)])
            }
        }
        return []
    }
}
