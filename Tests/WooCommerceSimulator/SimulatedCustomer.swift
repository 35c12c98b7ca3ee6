/// A customer in the simulated store (spec §11): the e-mail unique, role `customer`.
struct SimulatedCustomer: Sendable {
    var id: Int
    var email: String
    var firstName: String
    var lastName: String
    var role: String = "customer"
    var billing: [String: String]
    var shipping: [String: String]
    var created: Int64
    var modified: Int64

    func json(baseURL: String) -> [String: Any] {
        var billingObject = billing
        for key in ["first_name", "last_name", "company", "address_1", "address_2", "city", "postcode", "country", "state", "email", "phone"]
            where billingObject[key] == nil { billingObject[key] = "" }
        var shippingObject = shipping
        for key in ["first_name", "last_name", "company", "address_1", "address_2", "city", "postcode", "country", "state", "phone"]
            where shippingObject[key] == nil { shippingObject[key] = "" }
        return [
            "id": id, "date_created": SimulatedClock.text(created), "date_created_gmt": SimulatedClock.text(created),
            "date_modified": SimulatedClock.text(modified), "date_modified_gmt": SimulatedClock.text(modified),
            "email": email, "first_name": firstName, "last_name": lastName, "role": role,
            "username": String(email.split(separator: "@").first ?? ""), "billing": billingObject, "shipping": shippingObject,
            "is_paying_customer": false, "avatar_url": "", "meta_data": [Any](),
            "_links": ["self": [["href": "\(baseURL)/wp-json/wc/v3/customers/\(id)"]], "collection": [["href": "\(baseURL)/wp-json/wc/v3/customers"]]],
        ]
    }
}
