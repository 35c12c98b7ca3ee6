import Foundation

/// A product or variation in the simulated store, with the rules of spec §7: string prices,
/// `stock_quantity` null unless stock is managed, `stock_status` derived from it, variations
/// sharing the products' id and SKU space.
struct SimulatedProduct: Sendable {
    struct Attribute: Sendable {
        var name: String
        var options: [String]
        var option: String?
        var variation: Bool
        var visible: Bool
    }

    var id: Int
    var parentID: Int = 0
    var name: String = ""
    var type: String = "simple"
    var status: String = "publish"
    var sku: String = ""
    var description: String = ""
    var regularPrice: String = ""
    var salePrice: String = ""
    var saleFrom: String?
    var saleTo: String?
    var manageStock: Bool = false
    var stockQuantity: Int?
    var taxClass: String = ""
    var globalUniqueID: String = ""
    var weight: String = ""
    var dimensions: [String: String] = ["length": "", "width": "", "height": ""]
    var attributes: [Attribute] = []
    var variationIDs: [Int] = []
    var created: Int64
    var modified: Int64

    var isVariation: Bool { type == "variation" }

    /// The active price: the sale price when set, else the regular one (read-only `price`).
    var price: String { salePrice.isEmpty ? regularPrice : salePrice }

    /// Derived as WooCommerce does when stock is managed: above zero in stock, else out.
    var stockStatus: String {
        guard manageStock, let stockQuantity else { return "instock" }
        return stockQuantity > 0 ? "instock" : "outofstock"
    }

    /// The REST representation (`context` view or edit) with the store's base URL in links.
    func json(baseURL: String, context: String) -> [String: Any] {
        let collection = isVariation ? "\(baseURL)/wp-json/wc/v3/products/\(parentID)/variations" : "\(baseURL)/wp-json/wc/v3/products"
        // In the view context the description is run through wpautop (spec §7 via
        // get_product_data); the edit context gives it as stored.
        let shownDescription = context == "edit" || description.isEmpty ? description : "<p>\(description)</p>\n"
        var object: [String: Any] = [
            "id": id, "name": name, "slug": name.lowercased().replacingOccurrences(of: " ", with: "-"),
            "permalink": "\(baseURL)/product/\(id)/", "date_created": SimulatedClock.text(created),
            "date_created_gmt": SimulatedClock.text(created), "date_modified": SimulatedClock.text(modified),
            "date_modified_gmt": SimulatedClock.text(modified), "type": type, "status": status, "description": shownDescription,
            "sku": sku, "global_unique_id": globalUniqueID, "price": price, "regular_price": regularPrice, "sale_price": salePrice,
            "date_on_sale_from": saleFrom ?? NSNull(), "date_on_sale_from_gmt": saleFrom ?? NSNull(),
            "date_on_sale_to": saleTo ?? NSNull(), "date_on_sale_to_gmt": saleTo ?? NSNull(),
            "on_sale": !salePrice.isEmpty, "purchasable": !price.isEmpty, "virtual": false, "downloadable": false,
            "tax_status": "taxable", "tax_class": taxClass, "manage_stock": manageStock,
            "stock_quantity": manageStock ? (stockQuantity.map { $0 as Any } ?? NSNull()) : NSNull(),
            "stock_status": stockStatus, "backorders": "no", "backorders_allowed": false, "backordered": false,
            "low_stock_amount": NSNull(), "weight": weight, "dimensions": dimensions, "shipping_class": "",
            "shipping_class_id": 0, "menu_order": 0, "meta_data": [Any](), "parent_id": parentID,
            "_links": ["self": [["href": "\(collection)/\(id)"]], "collection": [["href": collection]]],
        ]
        if isVariation {
            object["attributes"] = attributes.map { ["id": 0, "name": $0.name, "slug": $0.name.lowercased(), "option": $0.option ?? ""] }
            object["image"] = NSNull()
        } else {
            object["short_description"] = ""
            object["featured"] = false
            object["catalog_visibility"] = "visible"
            object["categories"] = [["id": 15, "name": "Uncategorized", "slug": "uncategorized"]]
            object["tags"] = [Any]()
            object["images"] = [Any]()
            object["attributes"] = attributes.enumerated().map { index, attribute in
                ["id": 0, "name": attribute.name, "slug": attribute.name, "position": index, "visible": attribute.visible,
                 "variation": attribute.variation, "options": attribute.options] as [String: Any]
            }
            object["default_attributes"] = [Any]()
            object["variations"] = variationIDs
            object["has_options"] = type == "variable"
            object["total_sales"] = 0
        }
        return object
    }
}
