import Foundation

extension WooCommerceSimulator {
    /// `/products…` and `/products/{id}/variations…` (spec §2, §5, §7).
    func products(_ request: SimulatorRequest, segments: [String]) -> SimulatorReply {
        let context = request.value("context") ?? "view"
        let now = clock.epochSeconds
        switch (request.method, segments.count) {
        case ("GET", 1):
            return listProducts(request, context: context)
        case ("POST", 1):
            guard let body = request.jsonObject else { return .error(400, "rest_invalid_json", "Invalid JSON body passed.") }
            if let problem = Self.argumentProblem(body) { return problem }
            return state.withLock { store in
                switch Self.create(body, parentID: 0, in: &store, now: now) {
                case .success(let product): return .json(product.json(baseURL: homeURL, context: "edit"), status: 201)
                case .failure(let error): return error.reply
                }
            }
        case ("POST", 2) where segments[1] == "batch", ("PUT", 2) where segments[1] == "batch", ("PATCH", 2) where segments[1] == "batch":
            return batch(request, parentID: 0, now: now)
        case (_, 2):
            guard let id = Int(segments[1]) else { return .noRoute }
            return item(request, id: id, parentID: 0, context: context, now: now)
        case (_, 3) where segments[2] == "variations":
            guard let parentID = Int(segments[1]) else { return .noRoute }
            return variations(request, parentID: parentID, context: context, now: now)
        case ("POST", 4) where segments[2] == "variations" && segments[3] == "batch",
             ("PUT", 4) where segments[2] == "variations" && segments[3] == "batch":
            guard let parentID = Int(segments[1]) else { return .noRoute }
            return batch(request, parentID: parentID, now: now)
        case (_, 4) where segments[2] == "variations":
            guard let parentID = Int(segments[1]), let id = Int(segments[3]) else { return .noRoute }
            return item(request, id: id, parentID: parentID, context: context, now: now)
        default:
            return .noRoute
        }
    }

    /// `GET /variations`: the variations of all products (spec §2), with the collection filters.
    func allVariations(_ request: SimulatorRequest) -> SimulatorReply {
        listProducts(request, context: request.value("context") ?? "view", variations: true)
    }

    private func listProducts(_ request: SimulatorRequest, context: String, variations: Bool = false) -> SimulatorReply {
        let bounds: (after: Int64?, before: Int64?)
        switch modifiedBounds(request) {
        case .success(let value): bounds = value
        case .failure(let reply): return reply
        }
        let statusFilter = request.value("status") ?? "any"
        let skus = request.value("sku").map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let type = request.value("type")
        let all = state.withLock { Array($0.products.values) }
        let matching = all.filter { product in
            // `sku` searches products and variations alike (spec §4); otherwise only products.
            if let skus { guard skus.contains(product.sku) else { return false } } else if product.isVariation != variations { return false }
            if statusFilter == "any" { guard product.status != "trash" else { return false } } else if product.status != statusFilter { return false }
            if let type, product.type != type { return false }
            if let after = bounds.after, product.modified <= after { return false }
            if let before = bounds.before, product.modified >= before { return false }
            return true
        }
        let allowed = ["date", "id", "include", "title", "slug", "modified", "popularity", "rating", "post__in", "price", "sales",
                       "menu_order", "random"]
        switch sorted(matching, request, allowed: allowed, defaultOrderBy: "date", defaultOrder: "desc", keys: { product, orderBy in
            switch orderBy {
            case "modified": (product.modified, product.id)
            case "id": (Int64(product.id), product.id)
            default: (product.created, product.id)
            }
        }) {
        case .success(let ordered): return page(ordered.map { $0.json(baseURL: homeURL, context: context) }, request)
        case .failure(let reply): return reply
        }
    }

    private func variations(_ request: SimulatorRequest, parentID: Int, context: String, now: Int64) -> SimulatorReply {
        guard let parent = state.withLock({ $0.products[parentID] }), !parent.isVariation else {
            return .error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
        }
        switch request.method {
        case "GET":
            let children = state.withLock { store in parent.variationIDs.compactMap { store.products[$0] } }
            switch sorted(children, request, allowed: ["date", "id", "include", "title", "slug", "modified", "menu_order"],
                          defaultOrderBy: "date", defaultOrder: "desc", keys: { product, _ in (product.created, product.id) }) {
            case .success(let ordered): return page(ordered.map { $0.json(baseURL: homeURL, context: context) }, request)
            case .failure(let reply): return reply
            }
        case "POST":
            guard let body = request.jsonObject else { return .error(400, "rest_invalid_json", "Invalid JSON body passed.") }
            if let problem = Self.argumentProblem(body) { return problem }
            return state.withLock { store in
                switch Self.create(body, parentID: parentID, in: &store, now: now) {
                case .success(let product): return .json(product.json(baseURL: homeURL, context: "edit"), status: 201)
                case .failure(let error): return error.reply
                }
            }
        default:
            return .noRoute
        }
    }

    private func item(_ request: SimulatorRequest, id: Int, parentID: Int, context: String, now: Int64) -> SimulatorReply {
        let code = parentID == 0 ? "woocommerce_rest_product_invalid_id" : "woocommerce_rest_product_variation_invalid_id"
        return state.withLock { store in
            guard let product = store.products[id], product.parentID == parentID, product.isVariation == (parentID != 0) else {
                // Crud controller: 404 on GET and DELETE, 400 on PUT (spec §6).
                return .error(request.method == "GET" || request.method == "DELETE" ? 404 : 400, code, "Invalid ID.")
            }
            switch request.method {
            case "GET":
                return .json(product.json(baseURL: homeURL, context: context))
            case "POST", "PUT", "PATCH":
                guard let body = request.jsonObject else { return .error(400, "rest_invalid_json", "Invalid JSON body passed.") }
                if let problem = Self.argumentProblem(body) { return problem }
                switch Self.update(id, with: body, in: &store, now: now) {
                case .success(let updated): return .json(updated.json(baseURL: homeURL, context: "edit"))
                case .failure(let error): return error.reply
                }
            case "DELETE":
                if request.value("force") == "true" || request.value("force") == "1" {
                    store.products[id] = nil
                    return .json(product.json(baseURL: homeURL, context: "edit"))
                }
                store.products[id]?.status = "trash"
                return .json(store.products[id]!.json(baseURL: homeURL, context: "edit"))
            default:
                return .noRoute
            }
        }
    }

    /// `/products/batch` and `/products/{id}/variations/batch` (spec §5): at most 100 items,
    /// always 200, item errors in place, route argument validation not applied to items.
    private func batch(_ request: SimulatorRequest, parentID: Int, now: Int64) -> SimulatorReply {
        guard let body = request.jsonObject else { return .error(400, "rest_invalid_json", "Invalid JSON body passed.") }
        let creates = body["create"] as? [[String: Any]] ?? []
        let updates = body["update"] as? [[String: Any]] ?? []
        let deletes = (body["delete"] as? [Any] ?? []).compactMap { ($0 as? Int) ?? Int("\($0)") }
        guard creates.count + updates.count + deletes.count <= 100 else {
            return .error(413, "woocommerce_rest_request_entity_too_large", "Unable to accept more than 100 items for this request.")
        }
        let invalidID = parentID == 0 ? "woocommerce_rest_product_invalid_id" : "woocommerce_rest_product_variation_invalid_id"
        return state.withLock { store in
            if parentID != 0, store.products[parentID] == nil {
                return .error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
            }
            var reply: [String: Any] = [:]
            if body["create"] != nil {
                reply["create"] = creates.map { item -> Any in
                    switch Self.create(item, parentID: parentID, in: &store, now: now) {
                    case .success(let product): return product.json(baseURL: homeURL, context: "edit")
                    case .failure(let error): return ["id": 0, "error": error.object]
                    }
                }
            }
            if body["update"] != nil {
                reply["update"] = updates.map { item -> Any in
                    let id = (item["id"] as? Int) ?? 0
                    guard let existing = store.products[id], existing.parentID == parentID else {
                        return ["id": id, "error": ["code": invalidID, "message": "Invalid ID.", "data": ["status": 400]]]
                    }
                    switch Self.update(id, with: item, in: &store, now: now) {
                    case .success(let product): return product.json(baseURL: homeURL, context: "edit")
                    case .failure(let error): return ["id": id, "error": error.object]
                    }
                }
            }
            if body["delete"] != nil {
                reply["delete"] = deletes.map { id -> Any in
                    guard let existing = store.products.removeValue(forKey: id) else {
                        return ["id": id, "error": ["code": invalidID, "message": "Invalid ID.", "data": ["status": 404]]]
                    }
                    return existing.json(baseURL: homeURL, context: "edit")
                }
            }
            return .json(reply, headers: [("Allow", "POST, PUT, PATCH")])
        }
    }
}
