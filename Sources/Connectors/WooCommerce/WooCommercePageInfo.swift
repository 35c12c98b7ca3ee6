import Foundation
import HTTPClient

/// What a collection answer says about its pages (spec §4): `X-WP-Total`, `X-WP-TotalPages`
/// (0 when empty) and one `Link` header whose `rel="next"` entry points at the next page.
struct WooCommercePageInfo: Sendable, Hashable {
    /// `X-WP-Total`, when sent.
    let total: Int?
    /// `X-WP-TotalPages`, when sent.
    let totalPages: Int?
    /// The `page` of the `rel="next"` link, when there is one.
    let nextPage: Int?

    init(total: Int?, totalPages: Int?, nextPage: Int?) {
        self.total = total
        self.totalPages = totalPages
        self.nextPage = nextPage
    }

    init(_ headers: OutboundHeaders) {
        total = headers["X-WP-Total"].flatMap { Int($0.trimmingSpaces) }
        totalPages = headers["X-WP-TotalPages"].flatMap { Int($0.trimmingSpaces) }
        nextPage = headers.values(for: "Link").lazy.compactMap(Self.nextPage(inLink:)).first
    }

    /// Whether a page after `page` exists: the `next` link says so, or the page count does when
    /// a proxy dropped the `Link` header.
    func hasPage(after page: Int) -> Bool {
        if let nextPage { return nextPage > page }
        if let totalPages { return page < totalPages }
        return false
    }

    /// The `page` query value of the `rel="next"` entry of a `Link` value (RFC 8288 §3:
    /// `<uri>; rel="next", <uri>; rel="prev"`).
    static func nextPage(inLink value: String) -> Int? {
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let target = rest[rest.index(after: open)..<close]
            let afterTarget = rest[rest.index(after: close)...]
            let parametersEnd = afterTarget.firstIndex(of: "<") ?? afterTarget.endIndex
            let parameters = afterTarget[..<parametersEnd]
            rest = afterTarget[parametersEnd...]
            let relations = parameters.split(separator: ";").compactMap { parameter -> [Substring]? in
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "rel" else { return nil }
                return pair[1].trimmingSpaces.trimmingCharacters(in: CharacterSet(charactersIn: "\",")).split(separator: " ")
            }.flatMap { $0 }
            guard relations.contains(where: { $0.lowercased() == "next" }) else { continue }
            guard let query = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
            for pair in query.split(separator: "&") where pair.hasPrefix("page=") {
                return Int(pair.dropFirst(5))
            }
            return nil
        }
        return nil
    }
}

extension StringProtocol {
    /// Without surrounding spaces and tabs (HTTP's optional whitespace, RFC 9110 §5.6.3).
    fileprivate var trimmingSpaces: String { trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
}
