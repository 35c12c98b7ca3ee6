import Foundation

/// A refusal of one write, as WooCommerce words it.
struct StoreError: Error {
    var status: Int
    var code: String
    var message: String
    var data: [String: any Sendable] = [:]

    var object: [String: Any] {
        var details: [String: Any] = data
        details["status"] = status
        return ["code": code, "message": message, "data": details]
    }

    var reply: SimulatorReply { .json(object, status: status) }
}

extension WooCommerceSimulator {
    /// The route's argument validation, which single-item routes apply and batch items skip
    /// (spec §5): `stock_quantity` an integer (capture 17), `type` and `status` from their enums.
    static func argumentProblem(_ body: [String: Any]) -> SimulatorReply? {
        if let quantity = body["stock_quantity"], !(quantity is NSNull), !(quantity is Int) || quantity is Bool {
            return .invalidParameter("stock_quantity", "rest_invalid_type", "stock_quantity is not of type integer.")
        }
        if let type = body["type"] as? String, !["simple", "grouped", "external", "variable"].contains(type) {
            return .invalidParameter("type", "rest_not_in_enum", "type is not one of simple, grouped, external, and variable.")
        }
        if let status = body["status"] as? String, !["draft", "pending", "private", "publish", "future", "auto-draft", "trash"].contains(status) {
            return .invalidParameter("status", "rest_not_in_enum", "status is not one of draft, pending, private, publish, future, auto-draft, and trash.")
        }
        return nil
    }

    /// Creates a product (`parentID` 0) or a variation of `parentID`.
    static func create(_ body: [String: Any], parentID: Int, in store: inout SimulatedStore, now: Int64) -> Result<SimulatedProduct, StoreError> {
        if body["id"] != nil {
            return .failure(StoreError(status: 400, code: "woocommerce_rest_product_exists", message: "Cannot create existing product."))
        }
        let id = store.allocateID()
        var product = SimulatedProduct(id: id, created: now, modified: now)
        if parentID != 0 {
            product.type = "variation"
            product.parentID = parentID
            product.taxClass = "parent"
        }
        if let failure = apply(body, to: &product, in: store) {
            store.nextID -= 1
            return .failure(failure)
        }
        if parentID != 0, var parent = store.products[parentID] {
            parent.variationIDs.append(id)
            product.name = product.attributes.compactMap(\.option).joined(separator: ", ")
            store.products[parentID] = parent
        }
        store.products[id] = product
        store.enqueue(topic: parentID == 0 ? "product.created" : "product.updated", recordID: id)
        return .success(product)
    }

    /// Updates a product or variation; `date_modified` moves only when a value changed.
    static func update(_ id: Int, with body: [String: Any], in store: inout SimulatedStore, now: Int64) -> Result<SimulatedProduct, StoreError> {
        guard var product = store.products[id] else {
            return .failure(StoreError(status: 400, code: "woocommerce_rest_product_invalid_id", message: "Invalid ID."))
        }
        let before = product.json(baseURL: "", context: "edit") as NSDictionary
        if let failure = apply(body, to: &product, in: store) { return .failure(failure) }
        if product.json(baseURL: "", context: "edit") as NSDictionary != before {
            product.modified = now
            store.enqueue(topic: "product.updated", recordID: id)
        }
        store.products[id] = product
        return .success(product)
    }

    /// Applies the writable fields of `body`; the SKU must be unique across products and
    /// variations (`product_invalid_sku` with `resource_id` and `unique_sku`, capture 12).
    private static func apply(_ body: [String: Any], to product: inout SimulatedProduct, in store: SimulatedStore) -> StoreError? {
        func text(_ key: String) -> String? {
            switch body[key] {
            case let value as String: value
            case let value as NSNumber: value.stringValue
            default: nil
            }
        }
        if let sku = text("sku")?.trimmingCharacters(in: .whitespaces), sku != product.sku {
            if let holder = store.holder(ofSKU: sku), holder.id != product.id {
                return StoreError(status: 400, code: "product_invalid_sku", message: "Invalid or duplicated SKU.",
                                  data: ["resource_id": holder.id, "unique_sku": "\(sku)-1"])
            }
            product.sku = sku
        }
        if let name = text("name") { product.name = name }
        if let type = text("type"), !product.isVariation { product.type = type }
        if let status = text("status") { product.status = status }
        if let description = text("description") { product.description = description }
        if let price = text("regular_price") { product.regularPrice = price }
        if let price = text("sale_price") { product.salePrice = price }
        for (key, path) in [("date_on_sale_from_gmt", \SimulatedProduct.saleFrom), ("date_on_sale_to_gmt", \SimulatedProduct.saleTo)] {
            guard let value = body[key] else { continue }
            let date = (value as? String).flatMap { $0.isEmpty ? nil : SimulatedClock.seconds($0) }
            product[keyPath: path] = date.map(SimulatedClock.text)
        }
        if let manage = body["manage_stock"] as? Bool { product.manageStock = manage }
        if let quantity = body["stock_quantity"] as? Int { product.stockQuantity = quantity }
        if let delta = body["inventory_delta"] as? Int { product.stockQuantity = (product.stockQuantity ?? 0) + delta }
        if let taxClass = text("tax_class") { product.taxClass = taxClass }
        if let code = text("global_unique_id") { product.globalUniqueID = code }
        if let weight = text("weight") { product.weight = weight }
        if let dimensions = body["dimensions"] as? [String: Any] {
            for key in ["length", "width", "height"] { if let value = dimensions[key] as? String { product.dimensions[key] = value } }
        }
        if let attributes = body["attributes"] as? [[String: Any]] {
            product.attributes = attributes.map { attribute in
                SimulatedProduct.Attribute(name: attribute["name"] as? String ?? "", options: attribute["options"] as? [String] ?? [],
                                           option: attribute["option"] as? String, variation: attribute["variation"] as? Bool ?? false,
                                           visible: attribute["visible"] as? Bool ?? false)
            }
        }
        return nil
    }
}
