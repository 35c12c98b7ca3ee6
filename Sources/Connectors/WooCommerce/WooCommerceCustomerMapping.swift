import Commerce

/// Customers and addresses to and from Commerce (spec §11).
enum WooCommerceCustomerMapping {
    /// A customer as Commerce's `Customer`, billing address first.
    static func customer(_ wire: WireCustomer) -> Customer {
        let name = [wire.firstName, wire.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let company = wire.billing?.company.flatMap { $0.isEmpty ? nil : $0 }
        return Customer(
            externalIDs: [ExternalID(.wooCommerce, String(wire.id))],
            name: name.isEmpty ? (company ?? wire.username ?? wire.email) : name,
            givenName: wire.firstName.flatMap { $0.isEmpty ? nil : $0 }, familyName: wire.lastName.flatMap { $0.isEmpty ? nil : $0 },
            companyName: company, email: wire.email.isEmpty ? nil : wire.email,
            phone: wire.billing?.phone.flatMap { $0.isEmpty ? nil : $0 },
            addresses: [wire.billing, wire.shipping].compactMap { $0.flatMap(address) })
    }

    /// A billing or shipping block as an `Address`; nil when it holds no street and city or no
    /// country Commerce knows (a guest's billing block often has only a name and e-mail).
    static func address(_ wire: WireOrder.Address) -> Address? {
        let lines = [wire.address1, wire.address2].compactMap { $0 }.filter { !$0.isEmpty }
        guard !lines.isEmpty, let city = wire.city, !city.isEmpty, let country = wire.country.flatMap(CountryCode.init) else { return nil }
        let name = [wire.firstName, wire.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return Address(name: name.isEmpty ? nil : name, company: wire.company.flatMap { $0.isEmpty ? nil : $0 }, lines: lines,
                       city: city, region: wire.state.flatMap { $0.isEmpty ? nil : $0 },
                       postalCode: wire.postcode.flatMap { $0.isEmpty ? nil : $0 }, country: country,
                       phone: wire.phone.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The write for a customer; the first address is the billing address, the second (if
    /// any) the shipping address.
    static func write(_ customer: Customer, email: String) -> CustomerWrite {
        let given = customer.givenName ?? customer.name.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        let family = customer.familyName ?? (customer.givenName == nil ? customer.name.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) : nil) ?? ""
        func block(_ address: Address?, email: String?) -> WireOrder.Address {
            WireOrder.Address(firstName: given, lastName: family, company: address?.company ?? customer.companyName ?? "",
                              address1: address?.lines.first ?? "", address2: address.map { $0.lines.dropFirst().joined(separator: ", ") } ?? "",
                              city: address?.city ?? "", state: address?.region ?? "", postcode: address?.postalCode ?? "",
                              country: address?.country.code ?? "", email: email, phone: address?.phone ?? customer.phone ?? "")
        }
        return CustomerWrite(email: email, firstName: given, lastName: family,
                             billing: block(customer.addresses.first, email: email),
                             shipping: customer.addresses.count > 1 ? block(customer.addresses[1], email: nil) : nil)
    }
}
