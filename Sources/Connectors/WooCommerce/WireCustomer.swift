/// A customer as the REST API v3 sends it (spec §11; captures 27, 29).
struct WireCustomer: Sendable, Decodable {
    let id: Int
    let email: String
    let firstName: String?
    let lastName: String?
    let username: String?
    let billing: WireOrder.Address?
    let shipping: WireOrder.Address?
    let modified: WooCommerceTimestamp?

    private enum CodingKeys: String, CodingKey {
        case id, email, username, billing, shipping
        case firstName = "first_name", lastName = "last_name", modified = "date_modified_gmt"
    }

    /// The change identity of this record.
    var changeKey: WooCommerceChangeWindow.Key? {
        modified.map { WooCommerceChangeWindow.Key(id: id, modified: $0) }
    }
}

/// What this connector writes on a customer: names, e-mail and the two addresses.
struct CustomerWrite: Sendable, Hashable, Encodable {
    var email: String
    var firstName: String
    var lastName: String
    var billing: WireOrder.Address
    var shipping: WireOrder.Address?

    private enum CodingKeys: String, CodingKey {
        case email, billing, shipping
        case firstName = "first_name", lastName = "last_name"
    }
}
