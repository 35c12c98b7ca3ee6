public import Commerce

extension WooCommerceConnector: CustomerSource {
    /// Customers changed since the cursor. `/customers` has no `modified_after` and cannot be
    /// ordered by modification (its schema: `orderby` id, include, name, registered_date), so
    /// this reads the whole list (role `customer`, the default) and filters by
    /// `date_modified_gmt` here, with the same overlap and de-duplication as the other reads.
    public func customerChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Customer> {
        let start = try cursor?.decode(WooCommerceChangeWindow.Position.self) ?? WooCommerceChangeWindow.Position(since: nil, seen: [])
        var window = WooCommerceChangeWindow(start: start, overlap: settings.overlapSeconds, limit: limit)
        let all = try readAll(WireCustomer.self, "/customers", query: [("orderby", "id"), ("order", "asc")], while: "reading customers")
        func key(_ wire: WireCustomer) -> WooCommerceChangeWindow.Key {
            wire.changeKey ?? .init(id: wire.id, modified: .init(secondsSinceEpoch: 0))
        }
        let after = window.modifiedAfter
        let candidates = all.filter { after == nil || key($0).modified > after! }
            .sorted { (key($0).modified, $0.id) < (key($1).modified, $1.id) }
        let taken = window.take(page: candidates.map(key)).map { WooCommerceCustomerMapping.customer(candidates[$0]) }
        return ChangePage(records: taken, next: try ChangeCursor(encoding: window.next()), hasMore: window.stoppedAtLimit)
    }
}

extension WooCommerceConnector: CustomerTarget {
    /// Creates or updates a customer found by its WooCommerce id, else by e-mail (unique in
    /// WooCommerce, spec §11). A customer already holding the values is not written; a create
    /// that loses a race (`registration-error-email-exists`) updates the winner instead.
    public func upsertCustomer(_ customer: Customer) throws(ConnectorError) -> UpsertOutcome {
        guard let email = customer.email, !email.isEmpty else {
            throw ConnectorError.business("WooCommerce needs an e-mail address for every customer.", subject: "customer \(customer.name)")
        }
        let subject = "customer \(email)"
        let problems = customer.validate()
        guard problems.isEmpty else {
            throw ConnectorError.business("The customer is not valid: " + problems.map(\.description).joined(separator: "; "), subject: subject)
        }
        let write = WooCommerceCustomerMapping.write(customer, email: email)
        var existing: WireCustomer?
        if let id = customer.externalIDs.id(in: .wooCommerce).flatMap(Int.init) {
            let response = try transport.send(.get, "/customers/\(id)", while: "reading customer \(id)")
            if !(response.status == 404 || response.status == 400) {
                existing = try transport.decode(WireCustomer.self, from: response, while: "reading customer \(id)")
            }
        }
        if existing == nil { existing = try wireCustomer(email: email) }
        if existing == nil {
            let body = try WooCommerceTransport.encode(write)
            let response = try transport.send(.post, "/customers", json: body, while: "creating \(subject)")
            if response.status == 400, WooCommerceErrorReply(response)?.code == "registration-error-email-exists" {
                existing = try wireCustomer(email: email)
            } else {
                let created = try transport.decode(WireCustomer.self, from: response, while: "creating \(subject)")
                return UpsertOutcome(key: email, externalID: ExternalID(.wooCommerce, String(created.id)), action: .created)
            }
        }
        guard let existing else {
            throw ConnectorError.business("WooCommerce says \(email) is registered, but no customer with it can be read "
                + "(the account may not have the customer role).", subject: subject)
        }
        let externalID = ExternalID(.wooCommerce, String(existing.id))
        guard write.changes(existing) else { return UpsertOutcome(key: email, externalID: externalID, action: .unchanged) }
        do {
            _ = try transport.fetch(WireCustomer.self, "/customers/\(existing.id)", method: .put, json: try WooCommerceTransport.encode(write),
                                    while: "updating \(subject)")
        } catch {
            throw error.about(subject)
        }
        return UpsertOutcome(key: email, externalID: externalID, action: .updated)
    }

    /// The customer with that e-mail, of any role.
    private func wireCustomer(email: String) throws(ConnectorError) -> WireCustomer? {
        try transport.fetch([WireCustomer].self, "/customers", query: [("email", email), ("role", "all")],
                            while: "looking up customer \(email)").0.first
    }
}

extension CustomerWrite {
    /// Whether writing this would change `existing` (absent and empty text are the same).
    func changes(_ existing: WireCustomer) -> Bool {
        func same(_ wanted: WireOrder.Address?, _ current: WireOrder.Address?) -> Bool {
            guard let wanted else { return true }
            let current = current ?? WireOrder.Address()
            let pairs: [(String?, String?)] = [
                (wanted.firstName, current.firstName), (wanted.lastName, current.lastName), (wanted.company, current.company),
                (wanted.address1, current.address1), (wanted.address2, current.address2), (wanted.city, current.city),
                (wanted.state, current.state), (wanted.postcode, current.postcode), (wanted.country, current.country),
                (wanted.phone, current.phone), (wanted.email, wanted.email == nil ? nil : current.email),
            ]
            return pairs.allSatisfy { ($0.0 ?? "") == ($0.1 ?? "") }
        }
        return email.lowercased() != existing.email.lowercased() || firstName != (existing.firstName ?? "")
            || lastName != (existing.lastName ?? "") || !same(billing, existing.billing) || !same(shipping, existing.shipping)
    }
}
