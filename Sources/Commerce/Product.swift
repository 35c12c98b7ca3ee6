/// An item in the catalogue, keyed by SKU. A simple product is sold by its own SKU and has no
/// variants; a product with variants (WooCommerce `variable`, a Tryton template with several
/// `product.product`) is sold by its variants' SKUs and its own SKU names the family
/// (WooCommerce parent SKU, Tryton template `code`).
public struct Product: Sendable, Hashable, Codable, Validatable {
    /// The key.
    public var sku: SKU
    /// Ids in the systems that hold it (WooCommerce product id, Tryton template id).
    public var externalIDs: [ExternalID]
    /// The name shown to buyers.
    public var name: String
    /// The long description; may hold line breaks (and HTML from WooCommerce, kept as text).
    public var description: String?
    /// Properties and the attributes variants choose from.
    public var attributes: [ProductAttribute]
    /// Whether it is sold.
    public var status: ProductStatus
    /// Its tax class.
    public var taxClass: TaxClass
    /// Its barcodes (for a simple product).
    public var barcodes: [Barcode]
    /// Its weight, if known.
    public var weight: Weight?
    /// Its size, if known.
    public var dimensions: Dimensions?
    /// The variants; empty for a simple product.
    public var variants: [Variant]

    /// A product.
    public init(sku: SKU, externalIDs: [ExternalID] = [], name: String, description: String? = nil,
                attributes: [ProductAttribute] = [], status: ProductStatus = .active, taxClass: TaxClass = .standard,
                barcodes: [Barcode] = [], weight: Weight? = nil, dimensions: Dimensions? = nil, variants: [Variant] = []) {
        self.sku = sku
        self.externalIDs = externalIDs
        self.name = name
        self.description = description
        self.attributes = attributes
        self.status = status
        self.taxClass = taxClass
        self.barcodes = barcodes
        self.weight = weight
        self.dimensions = dimensions
        self.variants = variants
    }

    /// The SKUs this product is sold by: its own when simple, else its variants'.
    public var sellableSKUs: [SKU] { variants.isEmpty ? [sku] : variants.map(\.sku) }

    /// Longest name accepted (WooCommerce stores `post_title` as text, Tryton `name` as Char;
    /// a shop theme and a till receipt are the real limits).
    public static let maxNameLength = 200

    public func validate() -> [ValidationProblem] {
        let path = FieldPath()
        var problems = externalIDs.problems(at: path.field("externalIDs"))
            + TextRules.problems(name, at: path("name"), maxLength: Self.maxNameLength)
            + TextRules.problems(description, at: path("description"), maxLength: 65_535, required: false, allowsLineBreaks: true)
        for (index, attribute) in attributes.enumerated() { problems += attribute.problems(at: path.element("attributes", index)) }
        for (index, barcode) in barcodes.enumerated() { problems += barcode.problems(at: path.element("barcodes", index)) }
        problems += weight?.problems(at: path.field("weight")) ?? []
        problems += dimensions?.problems(at: path.field("dimensions")) ?? []
        // SKUs are unique across products and variations in WooCommerce (`product_invalid_sku`),
        // so a variant may repeat neither its product's SKU nor a sibling's.
        var seen: Set<SKU> = [sku]
        for (index, variant) in variants.enumerated() {
            let variantPath = path.element("variants", index)
            problems += variant.problems(at: variantPath)
            if !seen.insert(variant.sku).inserted {
                problems.append(ValidationProblem(variantPath("sku"), .duplicate, "SKU \(variant.sku) is used twice in this product"))
            }
            for option in variant.options where !attributes.contains(where: { $0.name == option.name && Set(option.values).isSubset(of: $0.values) }) {
                problems.append(ValidationProblem(variantPath("options"), .unknownReference,
                                                  "\(option.name) = \(option.values.joined(separator: ", ")) is not among the product's attributes"))
            }
        }
        return problems
    }
}
