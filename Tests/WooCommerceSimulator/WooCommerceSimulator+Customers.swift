import Foundation

extension WooCommerceSimulator {
    /// `/customers…` (spec §11): e-mail unique, listing by `role` (default `customer`).
    func customers(_ request: SimulatorRequest, segments: [String], id: Int?) -> SimulatorReply {
        let now = clock.epochSeconds
        switch (request.method, segments.count) {
        case ("GET", 1):
            let role = request.value("role") ?? "customer"
            let email = request.value("email")?.lowercased()
            let all = state.withLock { Array($0.customers.values) }
            let matching = all.filter { (role == "all" || $0.role == role) && (email == nil || $0.email.lowercased() == email) }
            switch sorted(matching, request, allowed: ["id", "include", "name", "registered_date"], defaultOrderBy: "name",
                          defaultOrder: "asc", keys: { customer, orderBy in
                              orderBy == "registered_date" ? (customer.created, customer.id) : (Int64(customer.id), customer.id)
                          }) {
            case .success(let ordered): return page(ordered.map { $0.json(baseURL: homeURL) }, request)
            case .failure(let reply): return reply
            }
        case ("POST", 1):
            guard let body = request.jsonObject else { return .error(400, "rest_invalid_json", "Invalid JSON body passed.") }
            guard let email = body["email"] as? String, !email.isEmpty else {
                return .error(400, "rest_missing_callback_param", "Missing parameter(s): email", data: ["params": ["email"]])
            }
            return state.withLock { store in
                guard !store.customers.values.contains(where: { $0.email.lowercased() == email.lowercased() }) else {
                    return .error(400, "registration-error-email-exists",
                                  "An account is already registered with \(email). Please log in or use a different email address.")
                }
                var customer = SimulatedCustomer(id: store.nextCustomerID, email: email, firstName: "", lastName: "", billing: [:],
                                                 shipping: [:], created: now, modified: now)
                store.nextCustomerID += 1
                Self.apply(body, to: &customer)
                store.customers[customer.id] = customer
                store.enqueue(topic: "customer.created", recordID: customer.id)
                return .json(customer.json(baseURL: homeURL), status: 201)
            }
        case (_, 2):
            guard let id else { return .noRoute }
            return state.withLock { store in
                guard var customer = store.customers[id] else {
                    return .error(request.method == "GET" ? 404 : 400, "woocommerce_rest_invalid_id", "Invalid resource ID.")
                }
                switch request.method {
                case "GET":
                    return .json(customer.json(baseURL: homeURL))
                case "POST", "PUT", "PATCH":
                    guard let body = request.jsonObject else { return .error(400, "rest_invalid_json", "Invalid JSON body passed.") }
                    if let email = body["email"] as? String, email.lowercased() != customer.email.lowercased(),
                       store.customers.values.contains(where: { $0.email.lowercased() == email.lowercased() }) {
                        return .error(400, "registration-error-email-exists", "An account is already registered with your email address.")
                    }
                    let before = customer.json(baseURL: "") as NSDictionary
                    Self.apply(body, to: &customer)
                    if customer.json(baseURL: "") as NSDictionary != before {
                        customer.modified = now
                        store.enqueue(topic: "customer.updated", recordID: id)
                    }
                    store.customers[id] = customer
                    return .json(customer.json(baseURL: homeURL))
                case "DELETE":
                    guard request.value("force") == "true" else {
                        return .error(501, "woocommerce_rest_trash_not_supported", "Customers do not support trashing.")
                    }
                    store.customers[id] = nil
                    return .json(customer.json(baseURL: homeURL))
                default:
                    return .noRoute
                }
            }
        default:
            return .noRoute
        }
    }

    private static func apply(_ body: [String: Any], to customer: inout SimulatedCustomer) {
        if let email = body["email"] as? String { customer.email = email }
        if let name = body["first_name"] as? String { customer.firstName = name }
        if let name = body["last_name"] as? String { customer.lastName = name }
        for (key, path) in [("billing", \SimulatedCustomer.billing), ("shipping", \SimulatedCustomer.shipping)] {
            guard let block = body[key] as? [String: Any] else { continue }
            for (field, value) in block { if let text = value as? String { customer[keyPath: path][field] = text } }
        }
    }
}
