import Commerce
import Foundation

/// A product or variation as the REST API v3 sends it (spec §7; captures 09, 19, 22), only the
/// fields the mapping reads. Money stays text: WooCommerce sends prices as strings.
struct WireProduct: Sendable, Hashable, Decodable {
    /// An attribute: a product's `{name, options, variation}`, a variation's `{name, option}`.
    struct Attribute: Sendable, Hashable, Codable {
        var name: String
        var options: [String]?
        var option: String?
        var variation: Bool?
        var visible: Bool?
    }

    /// `dimensions{length,width,height}`, text in the store's unit (`""` when unset).
    struct Size: Sendable, Hashable, Codable {
        var length: String
        var width: String
        var height: String
    }

    let id: Int
    let name: String
    let type: String
    let status: String
    let sku: String
    let description: String?
    let regularPrice: String?
    let salePrice: String?
    let saleFrom: String?
    let saleTo: String?
    let modified: WooCommerceTimestamp?
    /// `manage_stock`: a bool, or `"parent"` on a variation (spec §7) — read as false here.
    let managesStock: Bool
    let stockQuantity: Int?
    let taxClass: String?
    let globalUniqueID: String?
    let weight: String?
    let dimensions: Size?
    let attributes: [Attribute]
    let variationIDs: [Int]
    let parentID: Int

    private enum CodingKeys: String, CodingKey {
        case id, name, type, status, sku, description, weight, dimensions, attributes, variations
        case regularPrice = "regular_price", salePrice = "sale_price"
        case saleFrom = "date_on_sale_from_gmt", saleTo = "date_on_sale_to_gmt"
        case modified = "date_modified_gmt", managesStock = "manage_stock", stockQuantity = "stock_quantity"
        case taxClass = "tax_class", globalUniqueID = "global_unique_id", parentID = "parent_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "simple"
        status = try container.decodeIfPresent(String.self, forKey: .status) ?? "publish"
        sku = try container.decodeIfPresent(String.self, forKey: .sku) ?? ""
        description = try container.decodeIfPresent(String.self, forKey: .description)
        regularPrice = try container.decodeIfPresent(String.self, forKey: .regularPrice)
        salePrice = try container.decodeIfPresent(String.self, forKey: .salePrice)
        saleFrom = try container.decodeIfPresent(String.self, forKey: .saleFrom)
        saleTo = try container.decodeIfPresent(String.self, forKey: .saleTo)
        modified = try container.decodeIfPresent(WooCommerceTimestamp.self, forKey: .modified)
        managesStock = (try? container.decodeIfPresent(Bool.self, forKey: .managesStock)) ?? false
        stockQuantity = try? container.decodeIfPresent(Int.self, forKey: .stockQuantity)
        taxClass = try container.decodeIfPresent(String.self, forKey: .taxClass)
        globalUniqueID = try container.decodeIfPresent(String.self, forKey: .globalUniqueID)
        weight = try container.decodeIfPresent(String.self, forKey: .weight)
        dimensions = try container.decodeIfPresent(Size.self, forKey: .dimensions)
        attributes = try container.decodeIfPresent([Attribute].self, forKey: .attributes) ?? []
        variationIDs = try container.decodeIfPresent([Int].self, forKey: .variations) ?? []
        parentID = try container.decodeIfPresent(Int.self, forKey: .parentID) ?? 0
    }

    /// The change identity of this record.
    var changeKey: WooCommerceChangeWindow.Key? {
        modified.map { WooCommerceChangeWindow.Key(id: id, modified: $0) }
    }
}

/// The fields this connector writes on a product or variation (create, update, batch items).
/// Nil fields are left out of the JSON, so an update touches only what it names.
struct ProductWrite: Sendable, Hashable, Encodable {
    var id: Int?
    var name: String?
    var type: String?
    var status: String?
    var sku: String?
    var description: String?
    var regularPrice: String?
    var salePrice: String?
    var saleFrom: String?
    var saleTo: String?
    var taxClass: String?
    var globalUniqueID: String?
    var weight: String?
    var dimensions: WireProduct.Size?
    var attributes: [WireProduct.Attribute]?
    var managesStock: Bool?
    var stockQuantity: Int?

    private enum CodingKeys: String, CodingKey {
        case id, name, type, status, sku, description, weight, dimensions, attributes
        case regularPrice = "regular_price", salePrice = "sale_price"
        case saleFrom = "date_on_sale_from_gmt", saleTo = "date_on_sale_to_gmt"
        case taxClass = "tax_class", globalUniqueID = "global_unique_id"
        case managesStock = "manage_stock", stockQuantity = "stock_quantity"
    }

    /// Whether writing this would change `existing`: some field it names holds another value.
    /// Amounts compare as numbers (`"20"` and `"20.00"` are the same price).
    func changes(_ existing: WireProduct) -> Bool {
        func differs(_ wanted: String?, _ current: String?) -> Bool { wanted != nil && wanted != (current ?? "") }
        func amountDiffers(_ wanted: String?, _ current: String?) -> Bool {
            guard let wanted else { return false }
            return Decimal(exactText: wanted) != Decimal(exactText: current ?? "") && wanted != (current ?? "")
        }
        if differs(name, existing.name) || differs(status, existing.status) || differs(sku, existing.sku)
            || differs(description, existing.description) || differs(taxClass, existing.taxClass)
            || differs(globalUniqueID, existing.globalUniqueID) || differs(weight, existing.weight)
            || amountDiffers(regularPrice, existing.regularPrice) || amountDiffers(salePrice, existing.salePrice)
            || differs(saleFrom, existing.saleFrom) || differs(saleTo, existing.saleTo) {
            return true
        }
        if let type, type != existing.type { return true }
        if let dimensions, dimensions != existing.dimensions { return true }
        if let attributes, attributes.map(\.comparable) != existing.attributes.map(\.comparable) { return true }
        if let managesStock, managesStock != existing.managesStock { return true }
        if let stockQuantity, stockQuantity != existing.stockQuantity { return true }
        return false
    }
}

extension WireProduct.Attribute {
    /// What an attribute's write decides: name and values (WooCommerce adds id, slug, position).
    fileprivate var comparable: [String] { [name] + (options ?? []) + (option.map { [$0] } ?? []) }
}
