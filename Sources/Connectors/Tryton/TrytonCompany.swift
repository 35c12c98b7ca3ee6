import Commerce

/// The company a session works in (`company.company`) and its currency, found while logging in.
struct TrytonCompany: Sendable, Hashable {
    var id: Int
    var name: String
    var currency: CurrencyCode

    /// The company named `name` among those the user may work in, or the user's current one
    /// (`res.user.get_preferences`: `company`, `companies`).
    static func resolve(named name: String?, authorization: String, client: TrytonClient) throws(ConnectorError) -> TrytonCompany {
        let login = client.settings.login
        let preferences = try client.callDuringLogIn("model.res.user.get_preferences", [true, [:]], authorization: authorization)
        let allowed = preferences["companies"]?.idList ?? []
        let chosen: Int
        if let name {
            let found = try client.callDuringLogIn("model.company.company.search",
                                                   [[["party.name", "=", .string(name)]], 0, nil, nil, [:]],
                                                   authorization: authorization).idList
            guard let id = found.first(where: allowed.contains) else {
                throw ConnectorError.permanent("The Tryton user \(login) does not work for a company named \(name); check the connection's company or the user's companies.")
            }
            chosen = id
        } else {
            guard let id = preferences["company"]?.intValue else {
                throw ConnectorError.permanent("The Tryton user \(login) has no current company; set one in the user's preferences or name it in the connection.")
            }
            chosen = id
        }
        let records = try client.callDuringLogIn("model.company.company.read",
                                                 [.ids([chosen]), ["rec_name", "currency.code"], ["company": .int(chosen)]],
                                                 authorization: authorization)
        guard let record = records.arrayValue?.first else {
            throw ConnectorError.permanent("The Tryton user \(login) cannot read company \(chosen).")
        }
        let code = record["currency."]?["code"]?.stringValue ?? ""
        guard let currency = CurrencyCode(code) else {
            throw ConnectorError.permanent("The Tryton company's currency \(code) is not an ISO 4217 code Counterpart knows.")
        }
        return TrytonCompany(id: chosen, name: record["rec_name"]?.stringValue ?? "company \(chosen)", currency: currency)
    }
}
