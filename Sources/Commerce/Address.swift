/// A postal address, the shape both WooCommerce (`billing`/`shipping`: `address_1`,
/// `address_2`, `city`, `state`, `postcode`, `country`) and Tryton (`party.address`: `street`,
/// `postal_code`, `city`, `subdivision`, `country`) reduce to.
public struct Address: Sendable, Hashable, Codable, Validatable {
    /// Who receives mail here (WooCommerce first + last name, Tryton `party_name`).
    public var name: String?
    /// The company line.
    public var company: String?
    /// Street lines in order (WooCommerce `address_1`, `address_2`; Tryton's multi-line `street`).
    public var lines: [String]
    /// The city.
    public var city: String
    /// State, province or county as the system wrote it (WooCommerce `state` is a code such as
    /// `CA` or `BE`, Tryton's `subdivision` an ISO 3166-2 record).
    public var region: String?
    /// The postal code, as text: leading zeros and letters matter.
    public var postalCode: String?
    /// The country.
    public var country: CountryCode
    /// A phone number for the carrier.
    public var phone: String?

    /// An address; `lines` must hold at least one street line.
    public init(name: String? = nil, company: String? = nil, lines: [String], city: String, region: String? = nil,
                postalCode: String? = nil, country: CountryCode, phone: String? = nil) {
        self.name = name
        self.company = company
        self.lines = lines
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
        self.phone = phone
    }

    public func validate() -> [ValidationProblem] { problems(at: FieldPath()) }

    func problems(at path: FieldPath) -> [ValidationProblem] {
        var problems = TextRules.problems(name, at: path("name"), maxLength: 200, required: false)
            + TextRules.problems(company, at: path("company"), maxLength: 200, required: false)
        if lines.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
            problems.append(ValidationProblem(path("lines"), .required, "needs at least one street line"))
        }
        for (index, line) in lines.enumerated() {
            problems += TextRules.problems(line, at: path.element("lines", index).text, maxLength: 200, required: false)
        }
        problems += TextRules.problems(city, at: path("city"), maxLength: 100)
            + TextRules.problems(region, at: path("region"), maxLength: 100, required: false)
            + TextRules.problems(postalCode, at: path("postalCode"), maxLength: 20, required: false)
        if let phone, !phone.isEmpty { problems += ContactRules.phoneProblems(phone, at: path("phone")) }
        return problems
    }
}
