import Commerce
import Foundation

/// Products in Tryton: a `product.template` (name, list price, units, accounting category) with
/// its variants, `product.product`, each sold by its `code` — our SKU. We write the SKU into the
/// variant's `suffix_code` and leave the template's `code` empty, so the variant's code (template
/// code + suffix) is exactly the SKU.
struct TrytonCatalog {
    let client: TrytonClient

    /// The accounting category new templates get: it gives the revenue account and the customer
    /// taxes a sale line needs (product.category `customer_taxes_used`).
    static let accountingCategory = "Goods"
    /// The unit new templates are counted and sold in (module data of `product`).
    static let unitName = "Unit"

    static let productFields = ["code", "template", "active", "sale_uom", "account_category", "list_price"]
    /// (`description` lives on the variant in Tryton 8, not on the template.)
    static let templateFields = ["name", "code", "active", "list_price", "products", "salable"]

    /// The variants with these SKUs, archived ones included, by SKU.
    func variants(skus: [SKU]) throws(ConnectorError) -> [SKU: TrytonRecord] {
        guard !skus.isEmpty else { return [:] }
        let records = try client.searchRead("product.product", [["code", "in", .array(skus.map { .string($0.text) })]],
                                            fields: Self.productFields, context: ["active_test": false])
        var bySKU: [SKU: TrytonRecord] = [:]
        for record in records {
            if let code = record.text("code"), let sku = try? SKU(code) { bySKU[sku] = record }
        }
        return bySKU
    }

    /// The product a variant with `sku` belongs to, with all its variants; nil when none has it.
    func product(sku: SKU) throws(ConnectorError) -> Product? {
        guard let variant = try variants(skus: [sku])[sku], let templateID = variant.reference("template") else { return nil }
        return try products(templateIDs: [templateID]).first
    }

    /// Templates mapped to products, in the order given.
    func products(templateIDs: [Int]) throws(ConnectorError) -> [Product] {
        let templates = try client.read("product.template", templateIDs, fields: Self.templateFields, context: ["active_test": false])
        let variantIDs = templates.flatMap { $0["products"]?.idList ?? [] }
        let variants = Dictionary(try client.read("product.product", variantIDs, fields: ["code", "active", "description"], context: ["active_test": false])
                                    .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return templates.compactMap { template in
            Self.product(template, variants: (template["products"]?.idList ?? []).compactMap { variants[$0] })
        }
    }

    /// A template and its variants as a Commerce product: a template with one variant and no
    /// code of its own is a simple product sold by the variant's SKU.
    static func product(_ template: TrytonRecord, variants: [TrytonRecord]) -> Product? {
        let status: (TrytonRecord) -> ProductStatus = { $0["active"]?.boolValue == false ? .archived : .active }
        let sellable = variants.compactMap { variant -> Variant? in
            guard let code = variant.text("code"), let sku = try? SKU(code) else { return nil }
            return Variant(sku: sku, externalIDs: [ExternalID(.trytonERP, String(variant.id))], status: status(variant))
        }
        let name = template.text("name") ?? "product \(template.id)"
        let description = variants.lazy.compactMap { $0.text("description") }.first
        let templateIDs = [ExternalID(.trytonERP, String(template.id))]
        if sellable.count == 1, template.text("code") == nil {
            return Product(sku: sellable[0].sku, externalIDs: templateIDs, name: name, description: description,
                           status: status(template))
        }
        guard let familySKU = template.text("code").flatMap({ try? SKU($0) }) ?? sellable.first?.sku else { return nil }
        return Product(sku: familySKU, externalIDs: templateIDs, name: name, description: description,
                       status: status(template), variants: sellable)
    }

    /// Creates the product's template with a variant per sellable SKU, or updates the name and
    /// list price of the template that already has them. Variants missing from an existing
    /// template are added to it.
    func upsert(_ product: Product, price: Price?, currency: CurrencyCode) throws(ConnectorError) -> UpsertOutcome {
        let problems = product.validate()
        if let problem = problems.first {
            throw ConnectorError.business("The product is not valid: \(problem)", subject: "SKU \(product.sku)")
        }
        let listPrice = try price.map { price throws(ConnectorError) -> Decimal in
            guard price.currency == currency else {
                throw ConnectorError.business("The price is in \(price.currency); the Tryton company sells in \(currency).", subject: "SKU \(product.sku)")
            }
            guard price.taxInclusion == .exclusive else {
                throw ConnectorError.business("Tryton list prices exclude tax; the price given includes it.", subject: "SKU \(product.sku)")
            }
            return price.list.amount
        }
        let existing = try variants(skus: product.sellableSKUs)
        let templateIDs = Set(existing.values.compactMap { $0.reference("template") })
        guard templateIDs.count <= 1 else {
            throw ConnectorError.business("The SKUs of this product belong to \(templateIDs.count) different Tryton templates; merge them in Tryton first.",
                                          subject: "SKU \(product.sku)")
        }
        let missing = product.sellableSKUs.filter { existing[$0] == nil }
        let newVariants: [TrytonValue] = missing.map { sku in
            var values: [String: TrytonValue] = ["suffix_code": .string(sku.text)]
            if let description = product.description { values["description"] = .string(description) }
            return .object(values)
        }

        guard let templateID = templateIDs.first else {
            var values: [String: TrytonValue] = [
                "name": .string(product.name), "type": "goods", "salable": true,
                "default_uom": .int(try unitID()), "sale_uom": .int(try unitID()),
                "account_category": .int(try categoryID()),
                "products": [["create", .array(newVariants)]],
            ]
            if let listPrice { values["list_price"] = .decimal(listPrice) }
            if product.status == .archived { values["active"] = false }
            let id = try client.create("product.template", [values])[0]
            return UpsertOutcome(key: product.sku.text, externalID: ExternalID(.trytonERP, String(id)), action: .created)
        }

        let template = try client.read("product.template", [templateID], fields: Self.templateFields,
                                       context: ["active_test": false]).first
        var changes: [String: TrytonValue] = [:]
        if template?.text("name") != product.name { changes["name"] = .string(product.name) }
        if let listPrice, template?["list_price"]?.decimalValue != listPrice { changes["list_price"] = .decimal(listPrice) }
        if !newVariants.isEmpty { changes["products"] = [["create", .array(newVariants)]] }
        try client.write("product.template", [templateID], changes)
        return UpsertOutcome(key: product.sku.text, externalID: ExternalID(.trytonERP, String(templateID)),
                             action: changes.isEmpty ? .unchanged : .updated)
    }

    /// The id of the unit "Unit".
    func unitID() throws(ConnectorError) -> Int {
        try client.remembered("uom:\(Self.unitName)") { () throws(ConnectorError) -> TrytonValue in
            guard let id = try client.search("product.uom", [["name", "=", .string(Self.unitName)]], limit: 1).first else {
                throw ConnectorError.permanent("Tryton has no unit of measure named \(Self.unitName).")
            }
            return .int(id)
        }.intValue ?? 0
    }

    /// The id of the accounting category new products get.
    func categoryID() throws(ConnectorError) -> Int {
        try client.remembered("category:\(Self.accountingCategory)") { () throws(ConnectorError) -> TrytonValue in
            guard let id = try client.search("product.category", [["name", "=", .string(Self.accountingCategory)], ["accounting", "=", true]],
                                             limit: 1).first else {
                throw ConnectorError.permanent("Tryton has no accounting product category \(Self.accountingCategory); create it with its revenue account and customer taxes.")
            }
            return .int(id)
        }.intValue ?? 0
    }
}
