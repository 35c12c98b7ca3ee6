import Commerce

/// Customers in Tryton: `party.party` with `party.address` records and contact mechanisms
/// (`party.contact_mechanism`, `type` email/phone). A customer is found by its Tryton id (an
/// external id in `tryton-erp`) or else by an e-mail contact mechanism, before one is created.
struct TrytonParties {
    let client: TrytonClient

    static let addressFields = ["party_name", "street", "postal_code", "city", "country.code", "subdivision.code"]

    /// The party for `customer`, created with its addresses and contacts when none matches;
    /// an existing one gets the name, and any address it does not have yet.
    func upsert(_ customer: Customer) throws(ConnectorError) -> UpsertOutcome {
        if let problem = customer.validate().first {
            throw ConnectorError.business("The customer is not valid: \(problem)", subject: "customer \(customer.name)")
        }
        let key = customer.email ?? customer.name
        guard let partyID = try find(customer) else {
            var values: [String: TrytonValue] = ["name": .string(customer.name)]
            let addresses = try customer.addresses.map { address throws(ConnectorError) -> TrytonValue in .object(try fields(of: address)) }
            if !addresses.isEmpty { values["addresses"] = [["create", .array(addresses)]] }
            var contacts: [TrytonValue] = []
            if let email = customer.email { contacts.append(["type": "email", "value": .string(email)]) }
            if let phone = customer.phone { contacts.append(["type": "phone", "value": .string(phone)]) }
            if !contacts.isEmpty { values["contact_mechanisms"] = [["create", .array(contacts)]] }
            let id = try client.create("party.party", [values])[0]
            return UpsertOutcome(key: key, externalID: ExternalID(.trytonERP, String(id)), action: .created)
        }
        var changes: [String: TrytonValue] = [:]
        let party = try client.read("party.party", [partyID], fields: ["name", "addresses"]).first
        if party?.text("name") != customer.name { changes["name"] = .string(customer.name) }
        let known = try client.read("party.address", party?["addresses"]?.idList ?? [], fields: Self.addressFields)
            .compactMap(Self.address).map(Self.comparable)
        let newAddresses = try customer.addresses.filter { !known.contains(Self.comparable($0)) }
            .map { address throws(ConnectorError) -> TrytonValue in .object(try fields(of: address)) }
        if !newAddresses.isEmpty { changes["addresses"] = [["create", .array(newAddresses)]] }
        try client.write("party.party", [partyID], changes)
        return UpsertOutcome(key: key, externalID: ExternalID(.trytonERP, String(partyID)), action: changes.isEmpty ? .unchanged : .updated)
    }

    /// The party's id for a customer: by our cross-reference, else by e-mail.
    func find(_ customer: Customer) throws(ConnectorError) -> Int? {
        if let id = customer.externalIDs.id(in: .trytonERP).flatMap(Int.init),
           !(try client.search("party.party", [["id", "=", .int(id)]], limit: 1)).isEmpty {
            return id
        }
        guard let email = customer.email, !email.isEmpty else { return nil }
        return try client.search("party.party", [["contact_mechanisms.type", "=", "email"],
                                                 ["contact_mechanisms.value", "=", .string(email)]],
                                 limit: 1, order: [("id", "ASC")]).first
    }

    /// The id of the party's address matching `address`, creating it when the party lacks it;
    /// the party's first address when `address` is nil.
    func addressID(of partyID: Int, matching address: Address?) throws(ConnectorError) -> Int? {
        let ids = try client.read("party.party", [partyID], fields: ["addresses"]).first?["addresses"]?.idList ?? []
        guard let address else { return ids.first }
        let records = try client.read("party.address", ids, fields: Self.addressFields)
        if let match = records.first(where: { Self.address($0).map(Self.comparable) == Self.comparable(address) }) {
            return match.id
        }
        var values = try fields(of: address)
        values["party"] = .int(partyID)
        return try client.create("party.address", [values])[0]
    }

    /// A Tryton address as a Commerce address.
    static func address(_ record: TrytonRecord) -> Address? {
        guard let country = record[related: "country", "code"]?.stringValue.flatMap(CountryCode.init) else { return nil }
        let lines = (record.text("street") ?? "").split(whereSeparator: \.isNewline).map(String.init)
        return Address(name: record.text("party_name"), lines: lines.isEmpty ? [""] : lines, city: record.text("city") ?? "",
                       region: record[related: "subdivision", "code"]?.stringValue, postalCode: record.text("postal_code"),
                       country: country)
    }

    /// The parts of an address Tryton keeps, for comparing a Commerce address with a Tryton one.
    static func comparable(_ address: Address) -> Address {
        Address(name: address.name, lines: address.lines.filter { !$0.isEmpty }, city: address.city,
                region: nil, postalCode: address.postalCode, country: address.country)
    }

    private func fields(of address: Address) throws(ConnectorError) -> [String: TrytonValue] {
        var values: [String: TrytonValue] = [
            "street": .string(address.lines.filter { !$0.isEmpty }.joined(separator: "\n")),
            "city": .string(address.city),
            "country": .int(try countryID(address.country)),
        ]
        if let name = address.name { values["party_name"] = .string(name) }
        if let postalCode = address.postalCode { values["postal_code"] = .string(postalCode) }
        return values
    }

    private func countryID(_ country: CountryCode) throws(ConnectorError) -> Int {
        try client.remembered("country:\(country.code)") { () throws(ConnectorError) -> TrytonValue in
            guard let id = try client.search("country.country", [["code", "=", .string(country.code)]], limit: 1).first else {
                throw ConnectorError.business("Tryton has no country \(country.code); import it (trytond_import_countries).")
            }
            return .int(id)
        }.intValue ?? 0
    }
}
