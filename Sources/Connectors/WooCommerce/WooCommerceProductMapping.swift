import Commerce
import Foundation

/// Products and variations to and from Commerce (spec §7).
enum WooCommerceProductMapping {
    /// A product with its variations as a Commerce `Product`. A product without an SKU cannot
    /// be keyed and is a business error naming its id.
    static func product(_ wire: WireProduct, variations: [WireProduct], settings: WooCommerceSettings) throws(ConnectorError) -> Product {
        let sku = try self.sku(wire)
        let attributes = wire.attributes.compactMap { attribute -> ProductAttribute? in
            let values = attribute.options ?? attribute.option.map { [$0] } ?? []
            return values.isEmpty ? nil : ProductAttribute(attribute.name, values)
        }
        var variants: [Variant] = []
        for variation in variations {
            variants.append(try variant(variation, settings: settings))
        }
        return Product(
            sku: sku, externalIDs: [ExternalID(.wooCommerce, String(wire.id))], name: wire.name,
            description: wire.description.flatMap { $0.isEmpty ? nil : $0 }, attributes: attributes,
            status: status(wire.status), taxClass: taxClass(wire.taxClass) ?? .standard,
            barcodes: barcode(wire.globalUniqueID).map { [$0] } ?? [],
            weight: weight(wire.weight, settings), dimensions: dimensions(wire.dimensions, settings), variants: variants)
    }

    /// A variation as a `Variant`; its `tax_class` `parent` means "as the product".
    static func variant(_ wire: WireProduct, settings: WooCommerceSettings) throws(ConnectorError) -> Variant {
        Variant(sku: try sku(wire), externalIDs: [ExternalID(.wooCommerce, String(wire.id))],
                name: wire.name.isEmpty ? nil : wire.name,
                options: wire.attributes.compactMap { attribute in attribute.option.map { ProductAttribute(attribute.name, [$0]) } },
                status: status(wire.status), barcodes: barcode(wire.globalUniqueID).map { [$0] } ?? [],
                weight: weight(wire.weight, settings), dimensions: dimensions(wire.dimensions, settings),
                taxClass: wire.taxClass == "parent" ? nil : taxClass(wire.taxClass))
    }

    /// The list and sale price of a product or variation, nil when it has no regular price.
    static func price(_ wire: WireProduct, currency: CurrencyCode) throws(ConnectorError) -> Price? {
        guard let text = wire.regularPrice, !text.isEmpty else { return nil }
        let sku = try self.sku(wire)
        guard let list = Money(text, currency) else {
            throw ConnectorError.business("regular_price \(text) is not a decimal amount", subject: "SKU \(sku)")
        }
        var sale: Price.Sale?
        if let saleText = wire.salePrice, !saleText.isEmpty {
            guard let amount = Money(saleText, currency) else {
                throw ConnectorError.business("sale_price \(saleText) is not a decimal amount", subject: "SKU \(sku)")
            }
            sale = Price.Sale(amount, from: wire.saleFrom.flatMap(WooCommerceTimestamp.init)?.date,
                              until: wire.saleTo.flatMap(WooCommerceTimestamp.init)?.date)
        }
        return Price(sku: sku, list: list, sale: sale, taxInclusion: .exclusive)
    }

    /// The record's SKU, or a business error naming it when WooCommerce holds none or one
    /// Commerce refuses.
    static func sku(_ wire: WireProduct) throws(ConnectorError) -> SKU {
        let what = wire.type == "variation" ? "variation \(wire.id) of product \(wire.parentID)" : "product \(wire.id)"
        guard !wire.sku.isEmpty else {
            throw ConnectorError.business("WooCommerce \(what) (\(wire.name)) has no SKU; give it one in the store so it can be matched.",
                                          subject: "WooCommerce \(what)")
        }
        do { return try SKU(wire.sku) } catch {
            throw ConnectorError.business("WooCommerce \(what) has an SKU Counterpart cannot use: \(error)", subject: "WooCommerce \(what)")
        }
    }

    /// `publish` → active; `draft`, `pending`, `future` → draft; `private` (shown to
    /// administrators only) and `trash` → archived, the status this connector writes for archived.
    static func status(_ text: String) -> ProductStatus {
        switch text {
        case "publish": .active
        case "private", "trash": .archived
        default: .draft
        }
    }

    /// The WooCommerce status for a Commerce one.
    static func wooCommerceStatus(_ status: ProductStatus) -> String {
        switch status {
        case .active: "publish"
        case .draft: "draft"
        case .archived: "private"
        }
    }

    /// `""` is the standard class (spec §7).
    static func taxClass(_ text: String?) -> TaxClass? {
        guard let text else { return nil }
        return text.isEmpty ? .standard : TaxClass(rawValue: text)
    }

    /// The `tax_class` for a Commerce class.
    static func wooCommerceTaxClass(_ taxClass: TaxClass) -> String { taxClass == .standard ? "" : taxClass.rawValue }

    /// `global_unique_id` ("GTIN, UPC, EAN or ISBN") as a barcode of the kind its length says.
    static func barcode(_ text: String?) -> Barcode? {
        guard let text, !text.isEmpty else { return nil }
        let digitsOnly = text.allSatisfy { $0.isASCII && $0.isNumber }
        switch (digitsOnly, text.count) {
        case (true, 8): return Barcode(.ean8, text)
        case (true, 12): return Barcode(.upcA, text)
        case (true, 13): return Barcode(text.hasPrefix("978") || text.hasPrefix("979") ? .isbn13 : .ean13, text)
        case (true, 14): return Barcode(.gtin14, text)
        default: return Barcode(.other, text)
        }
    }

    /// `weight` text in the store's unit.
    static func weight(_ text: String?, _ settings: WooCommerceSettings) -> Weight? {
        guard let text, let value = Decimal(exactText: text) else { return nil }
        return Weight(value, settings.weightUnit)
    }

    /// `dimensions` in the store's unit, when all three are given.
    static func dimensions(_ size: WireProduct.Size?, _ settings: WooCommerceSettings) -> Dimensions? {
        guard let size, let length = Decimal(exactText: size.length), let width = Decimal(exactText: size.width),
              let height = Decimal(exactText: size.height) else { return nil }
        return Dimensions(length: length, width: width, height: height, unit: settings.dimensionUnit)
    }

    /// Decimal text for a request (`plain`, no exponent).
    static func text(_ value: Decimal) -> String { NSDecimalNumber(decimal: value).stringValue }
}
