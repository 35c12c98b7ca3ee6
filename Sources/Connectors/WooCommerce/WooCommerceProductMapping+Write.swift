import Commerce
import Foundation

extension WooCommerceProductMapping {
    /// The write for a product (simple or the parent of variations), without its variations.
    /// `id` nil creates; the SKU is always sent so a create is keyed and an update keeps it.
    static func write(_ product: Product, price: Price?, id: Int?, settings: WooCommerceSettings) -> ProductWrite {
        let isVariable = !product.variants.isEmpty
        let variantAttributes = Set(product.variants.flatMap { $0.options.map(\.name) })
        var write = ProductWrite(
            id: id, name: product.name, type: isVariable ? "variable" : "simple",
            status: wooCommerceStatus(product.status), sku: product.sku.text, description: product.description ?? "",
            taxClass: wooCommerceTaxClass(product.taxClass), globalUniqueID: product.barcodes.first?.code ?? "",
            weight: product.weight.map { converted($0, to: settings.weightUnit) } ?? "",
            dimensions: product.dimensions.map { size($0, settings) },
            attributes: product.attributes.map {
                WireProduct.Attribute(name: $0.name, options: $0.values, option: nil,
                                      variation: variantAttributes.contains($0.name), visible: true)
            })
        if !isVariable { apply(price, to: &write) }
        return write
    }

    /// The write for one variation of a parent.
    static func write(_ variant: Variant, price: Price?, id: Int?, settings: WooCommerceSettings) -> ProductWrite {
        var write = ProductWrite(
            id: id, status: wooCommerceStatus(variant.status), sku: variant.sku.text,
            taxClass: variant.taxClass.map(wooCommerceTaxClass) ?? "parent", globalUniqueID: variant.barcodes.first?.code ?? "",
            weight: variant.weight.map { converted($0, to: settings.weightUnit) } ?? "",
            dimensions: variant.dimensions.map { size($0, settings) },
            attributes: variant.options.compactMap { option in
                option.values.first.map { WireProduct.Attribute(name: option.name, options: nil, option: $0) }
            })
        apply(price, to: &write)
        return write
    }

    /// Prices are text with the currency's decimals; a sale window is written in GMT, and an
    /// absent sale clears the old one (`""`).
    private static func apply(_ price: Price?, to write: inout ProductWrite) {
        guard let price else { return }
        write.regularPrice = price.list.exactText
        write.salePrice = price.sale?.amount.exactText ?? ""
        write.saleFrom = price.sale?.from.map { WooCommerceTimestamp($0).description } ?? ""
        write.saleTo = price.sale?.until.map { WooCommerceTimestamp($0).description } ?? ""
    }

    /// A weight in the store's unit, as text.
    static func converted(_ weight: Weight, to unit: Weight.Unit) -> String {
        let grams: [Weight.Unit: Decimal] = [.kilogram: 1_000, .gram: 1, .pound: Decimal(string: "453.59237")!,
                                             .ounce: Decimal(string: "28.349523125")!]
        guard weight.unit != unit, let from = grams[weight.unit], let to = grams[unit] else { return text(weight.value) }
        var value = weight.value * from / to
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 4, .plain)
        return text(rounded)
    }

    /// Dimensions in the store's unit, as text.
    static func size(_ dimensions: Dimensions, _ settings: WooCommerceSettings) -> WireProduct.Size {
        let millimetres: [Dimensions.Unit: Decimal] = [.metre: 1_000, .centimetre: 10, .millimetre: 1,
                                                       .inch: Decimal(string: "25.4")!, .yard: Decimal(string: "914.4")!]
        func convert(_ value: Decimal) -> String {
            guard dimensions.unit != settings.dimensionUnit, let from = millimetres[dimensions.unit],
                  let to = millimetres[settings.dimensionUnit] else { return text(value) }
            var exact = value * from / to
            var rounded = Decimal()
            NSDecimalRound(&rounded, &exact, 4, .plain)
            return text(rounded)
        }
        return WireProduct.Size(length: convert(dimensions.length), width: convert(dimensions.width), height: convert(dimensions.height))
    }
}
