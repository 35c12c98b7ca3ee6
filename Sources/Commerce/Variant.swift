/// One sellable version of a product (WooCommerce variation, Tryton `product.product`): its own
/// SKU, the attribute values that set it apart, its own barcode and weight.
public struct Variant: Sendable, Hashable, Codable, Validatable {
    /// The key.
    public var sku: SKU
    /// Ids in the systems that hold it (WooCommerce variation id, Tryton product id).
    public var externalIDs: [ExternalID]
    /// Its name where it has one (WooCommerce variation `name`, e.g. `S`).
    public var name: String?
    /// The attribute values that make it this variant: `Size` = `S` (each attribute one value).
    public var options: [ProductAttribute]
    /// Whether it is sold.
    public var status: ProductStatus
    /// Its barcodes.
    public var barcodes: [Barcode]
    /// Its weight, where it differs from the product's.
    public var weight: Weight?
    /// Its size, where it differs from the product's.
    public var dimensions: Dimensions?
    /// Its tax class, where it differs from the product's (WooCommerce `parent` means none).
    public var taxClass: TaxClass?

    /// A variant.
    public init(sku: SKU, externalIDs: [ExternalID] = [], name: String? = nil, options: [ProductAttribute] = [],
                status: ProductStatus = .active, barcodes: [Barcode] = [], weight: Weight? = nil,
                dimensions: Dimensions? = nil, taxClass: TaxClass? = nil) {
        self.sku = sku
        self.externalIDs = externalIDs
        self.name = name
        self.options = options
        self.status = status
        self.barcodes = barcodes
        self.weight = weight
        self.dimensions = dimensions
        self.taxClass = taxClass
    }

    public func validate() -> [ValidationProblem] { problems(at: FieldPath()) }

    func problems(at path: FieldPath) -> [ValidationProblem] {
        var problems = externalIDs.problems(at: path.field("externalIDs"))
            + TextRules.problems(name, at: path("name"), maxLength: 200, required: false)
        for (index, option) in options.enumerated() {
            let optionPath = path.element("options", index)
            problems += option.problems(at: optionPath)
            if option.values.count > 1 {
                problems.append(ValidationProblem(optionPath("values"), .duplicate, "a variant has one value per attribute"))
            }
        }
        for (index, barcode) in barcodes.enumerated() { problems += barcode.problems(at: path.element("barcodes", index)) }
        problems += weight?.problems(at: path.field("weight")) ?? []
        problems += dimensions?.problems(at: path.field("dimensions")) ?? []
        return problems
    }
}
