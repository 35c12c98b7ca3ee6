/// A buyer: a WooCommerce customer (or a guest known only from an order's billing block), a
/// Tryton `party.party` with its contact mechanisms and addresses.
public struct Customer: Sendable, Hashable, Codable, Validatable {
    /// Ids in the systems that know this customer; empty for a guest.
    public var externalIDs: [ExternalID]
    /// The name to show and to send where a system has one name field (Tryton `party.name`).
    public var name: String
    /// Given name, where the system splits names (WooCommerce `first_name`).
    public var givenName: String?
    /// Family name (WooCommerce `last_name`).
    public var familyName: String?
    /// The company the customer buys for.
    public var companyName: String?
    /// E-mail address; WooCommerce requires one and keeps it unique.
    public var email: String?
    /// Phone number.
    public var phone: String?
    /// Known addresses, the preferred first.
    public var addresses: [Address]

    /// A customer.
    public init(externalIDs: [ExternalID] = [], name: String, givenName: String? = nil, familyName: String? = nil,
                companyName: String? = nil, email: String? = nil, phone: String? = nil, addresses: [Address] = []) {
        self.externalIDs = externalIDs
        self.name = name
        self.givenName = givenName
        self.familyName = familyName
        self.companyName = companyName
        self.email = email
        self.phone = phone
        self.addresses = addresses
    }

    public func validate() -> [ValidationProblem] { problems(at: FieldPath()) }

    func problems(at path: FieldPath) -> [ValidationProblem] {
        var problems = externalIDs.problems(at: path.field("externalIDs"))
            + TextRules.problems(name, at: path("name"), maxLength: 200)
            + TextRules.problems(givenName, at: path("givenName"), maxLength: 100, required: false)
            + TextRules.problems(familyName, at: path("familyName"), maxLength: 100, required: false)
            + TextRules.problems(companyName, at: path("companyName"), maxLength: 200, required: false)
        if let email, !email.isEmpty { problems += ContactRules.emailProblems(email, at: path("email")) }
        if let phone, !phone.isEmpty { problems += ContactRules.phoneProblems(phone, at: path("phone")) }
        for (index, address) in addresses.enumerated() {
            problems += address.problems(at: path.element("addresses", index))
        }
        return problems
    }
}
