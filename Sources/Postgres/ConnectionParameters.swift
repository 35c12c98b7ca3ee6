internal import CLibPQ
import Foundation

/// The keyword/value pairs handed to `PQconnectdbParams`: the URL's own settings, parsed by
/// `PQconninfoParse` so a malformed URL fails before any network traffic, plus this module's
/// session settings appended to whatever `options` the URL carries.
struct ConnectionParameters {
    private(set) var keywords: [String] = []
    private(set) var values: [String] = []

    init(_ configuration: PostgresConfiguration) throws {
        var parsed = try Self.parse(configuration.url)
        let ourOptions = try configuration.sessionOptions
        parsed["options"] = [parsed["options"], ourOptions].compactMap { $0 }.joined(separator: " ")
        // The decoders read text as UTF-8 whatever the URL says.
        parsed["client_encoding"] = "UTF8"
        if parsed["connect_timeout"] == nil {
            parsed["connect_timeout"] = String(configuration.connectTimeoutSeconds)
        }
        if parsed["application_name"] == nil, let name = configuration.applicationName {
            parsed["application_name"] = name
        }
        for (keyword, value) in parsed.sorted(by: { $0.key < $1.key }) {
            keywords.append(keyword)
            values.append(value)
        }
    }

    /// The settings a connection string or URI sets explicitly (not libpq's defaults).
    private static func parse(_ url: String) throws -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(.connectionFailed, "invalid connection URL: \(reason ?? "out of memory")")
        }
        defer { PQconninfoFree(options) }
        var settings: [String: String] = [:]
        var entry = options
        while let keyword = entry.pointee.keyword {
            if let value = entry.pointee.val {
                settings[String(cString: keyword)] = String(cString: value)
            }
            entry += 1
        }
        return settings
    }

    /// Calls `body` with NULL-terminated C arrays of the keywords and values, valid only inside.
    func withCArrays<Result>(_ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
        let keywordCopies = keywords.map { UnsafePointer(strdup($0)) }
        let valueCopies = values.map { UnsafePointer(strdup($0)) }
        defer {
            for pointer in keywordCopies + valueCopies { free(UnsafeMutablePointer(mutating: pointer)) }
        }
        return (keywordCopies + [nil]).withUnsafeBufferPointer { keywordArray in
            (valueCopies + [nil]).withUnsafeBufferPointer { valueArray in
                body(keywordArray.baseAddress!, valueArray.baseAddress!)
            }
        }
    }
}
