/// An ISO 3166-1 alpha-2 country code (`DE`, `US`), as WooCommerce (`billing.country`) and
/// Tryton (`country.country.code`) both carry it. Only officially assigned codes are accepted;
/// `UK` (exceptionally reserved, not assigned — the code is `GB`) and `EU` are refused.
public struct CountryCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Two upper-case letters.
    public let code: String

    /// The country for `code`, or nil when it is not an assigned ISO 3166-1 alpha-2 code. Case
    /// matters, as for currencies.
    public init?(_ code: String) {
        guard Self.assigned.contains(code) else { return nil }
        self.code = code
    }

    /// The code.
    public var description: String { code }

    public static func < (left: CountryCode, right: CountryCode) -> Bool { left.code < right.code }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let country = CountryCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 3166-1 alpha-2 code: \(text)"))
        }
        self = country
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// The 249 officially assigned alpha-2 codes of ISO 3166-1 (ISO 3166 Maintenance Agency's
    /// online browsing platform, "Officially assigned code elements").
    static let assigned: Set<String> = Set("""
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
        BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM \
        DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS \
        GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN \
        KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ \
        MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM \
        PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV \
        SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI \
        VN VU WF WS YE YT ZA ZM ZW
        """.split(separator: " ").map(String.init))
}
