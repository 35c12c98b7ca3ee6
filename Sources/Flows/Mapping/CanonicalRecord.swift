/// The canonical record a mapping fills, and the fields it has: the flat, typed form of a
/// Commerce value (Sources/Commerce) that the flows build the value from. Field names are
/// Commerce's own, so a mapping's problem (`lines[1].quantity`) and Commerce's validation
/// (`lines[1].quantity`) point at the same place.
///
/// A system's ids go into `externalID`; the flow knows which system the record came from and
/// makes the `ExternalID` from it. Addresses have `line1`/`line2` where Commerce keeps a list.
public enum CanonicalRecord: String, Sendable, Hashable, CaseIterable, Codable {
    /// `Order`: a web order, an ERP sale, a till sale.
    case order
    /// `Product`: an item with its variants.
    case product
    /// `StockLevel`: how many of an SKU a location holds.
    case stockLevel = "stock_level"
    /// `Customer`: a buyer.
    case customer
    /// `Refund`: money and goods going back.
    case refund
    /// `Shipment`: goods sent for an order.
    case shipment

    /// The name shown to people.
    public var displayName: String {
        switch self {
        case .order: "Order"
        case .product: "Product"
        case .stockLevel: "Stock level"
        case .customer: "Customer"
        case .refund: "Refund"
        case .shipment: "Shipment"
        }
    }

    /// The fields a mapping may fill, in the order the editor offers them.
    public var fields: [CanonicalField] {
        switch self {
        case .order: Self.orderFields
        case .product: Self.productFields
        case .stockLevel: Self.stockLevelFields
        case .customer: Self.customerFields
        case .refund: Self.refundFields
        case .shipment: Self.shipmentFields
        }
    }

    /// The field at `path`, or nil when this record has none.
    public func field(_ path: String) -> CanonicalField? {
        fields.first { $0.path == path }
    }

    private static func address(_ prefix: String) -> [CanonicalField] {
        [
            CanonicalField("\(prefix).name", .text, "The addressee"),
            CanonicalField("\(prefix).company", .text, "The company"),
            CanonicalField("\(prefix).line1", .text, "Street and number"),
            CanonicalField("\(prefix).line2", .text, "Second address line"),
            CanonicalField("\(prefix).city", .text, "Town or city"),
            CanonicalField("\(prefix).region", .text, "State, province or county"),
            CanonicalField("\(prefix).postalCode", .text, "Postcode"),
            CanonicalField("\(prefix).country", .country, "ISO 3166-1 alpha-2"),
            CanonicalField("\(prefix).phone", .text, "Phone at the address"),
        ]
    }

    static let orderFields: [CanonicalField] = [
        CanonicalField("number", .text, "The number people quote"),
        CanonicalField("externalID", .text, "The order's id in the source system"),
        CanonicalField("status", .orderStatus, "Where the order is in its life"),
        CanonicalField("currency", .currency, "The currency of every amount"),
        CanonicalField("taxInclusion", .taxInclusion, "Whether prices include tax"),
        CanonicalField("createdAt", .date, "When the order was placed"),
        CanonicalField("paidAt", .date, "When it was paid"),
        CanonicalField("note", .text, "The buyer's note"),
        CanonicalField("total", .decimal, "The total the source states, to be checked"),
        CanonicalField("totalTax", .decimal, "The tax the source states"),
        CanonicalField("customer.externalID", .text, "The buyer's id in the source system"),
        CanonicalField("customer.name", .text, "The buyer's name"),
        CanonicalField("customer.email", .text, "The buyer's e-mail address"),
        CanonicalField("customer.phone", .text, "The buyer's phone"),
    ] + address("billingAddress") + address("shippingAddress") + [
        CanonicalField("lines[].externalID", .text, "The line's id in the source system"),
        CanonicalField("lines[].sku", .text, "The item"),
        CanonicalField("lines[].name", .text, "The name the buyer saw"),
        CanonicalField("lines[].quantity", .decimal, "How many"),
        CanonicalField("lines[].unitPrice", .decimal, "The price of one before discounts"),
        CanonicalField("lines[].discount", .decimal, "The line's discount"),
        CanonicalField("lines[].taxClass", .text, "The item's tax class"),
        CanonicalField("shippingLines[].method", .text, "The shipping method's id"),
        CanonicalField("shippingLines[].title", .text, "The shipping method's name"),
        CanonicalField("shippingLines[].amount", .decimal, "Shipping charged"),
        CanonicalField("payments[].method", .text, "The payment method's id"),
        CanonicalField("payments[].methodTitle", .text, "The payment method's name"),
        CanonicalField("payments[].transactionID", .text, "The payment provider's reference"),
        CanonicalField("payments[].amount", .decimal, "Money received"),
        CanonicalField("payments[].paidAt", .date, "When it was received"),
    ]

    static let productFields: [CanonicalField] = [
        CanonicalField("sku", .text, "The stock-keeping unit"),
        CanonicalField("externalID", .text, "The item's id in the source system"),
        CanonicalField("name", .text, "The item's name"),
        CanonicalField("description", .text, "The description"),
        CanonicalField("status", .productStatus, "Whether it is sold"),
        CanonicalField("taxClass", .text, "Which tax rate applies"),
        CanonicalField("barcode", .text, "EAN, UPC or GTIN"),
        CanonicalField("weight", .decimal, "Weight"),
        CanonicalField("weightUnit", .choice(["g", "kg", "lb", "oz"]), "The unit of the weight"),
        CanonicalField("listPrice", .decimal, "The regular price"),
        CanonicalField("salePrice", .decimal, "The reduced price, if any"),
        CanonicalField("currency", .currency, "The currency of the prices"),
        CanonicalField("taxInclusion", .taxInclusion, "Whether prices include tax"),
        CanonicalField("variants[].sku", .text, "A variant's stock-keeping unit"),
        CanonicalField("variants[].externalID", .text, "A variant's id in the source system"),
        CanonicalField("variants[].name", .text, "A variant's name"),
        CanonicalField("variants[].barcode", .text, "A variant's barcode"),
        CanonicalField("variants[].listPrice", .decimal, "A variant's regular price"),
        CanonicalField("variants[].salePrice", .decimal, "A variant's reduced price"),
    ]

    static let stockLevelFields: [CanonicalField] = [
        CanonicalField("sku", .text, "The item"),
        CanonicalField("location", .text, "The location's code"),
        CanonicalField("quantity", .decimal, "On hand"),
        CanonicalField("asOf", .date, "When the count was true"),
    ]

    static let customerFields: [CanonicalField] = [
        CanonicalField("externalID", .text, "The customer's id in the source system"),
        CanonicalField("name", .text, "The name to address them by"),
        CanonicalField("givenName", .text, "Given name"),
        CanonicalField("familyName", .text, "Family name"),
        CanonicalField("companyName", .text, "Company"),
        CanonicalField("email", .text, "E-mail address"),
        CanonicalField("phone", .text, "Phone"),
    ] + address("address")

    static let refundFields: [CanonicalField] = [
        CanonicalField("externalID", .text, "The refund's id in the source system"),
        CanonicalField("orderNumber", .text, "The order refunded"),
        CanonicalField("amount", .decimal, "Money paid back"),
        CanonicalField("currency", .currency, "The currency"),
        CanonicalField("reason", .text, "Why"),
        CanonicalField("restocks", .boolean, "Whether the goods go back into stock"),
        CanonicalField("createdAt", .date, "When it was made"),
        CanonicalField("lines[].sku", .text, "An item returned"),
        CanonicalField("lines[].quantity", .decimal, "How many"),
        CanonicalField("lines[].amount", .decimal, "Money back for them"),
    ]

    static let shipmentFields: [CanonicalField] = [
        CanonicalField("externalID", .text, "The shipment's id in the source system"),
        CanonicalField("orderNumber", .text, "The order shipped"),
        CanonicalField("state", .shipmentState, "Where the shipment is"),
        CanonicalField("carrier", .text, "The carrier"),
        CanonicalField("trackingNumber", .text, "The tracking number"),
        CanonicalField("trackingURL", .text, "The tracking page"),
        CanonicalField("fromLocation", .text, "The warehouse it left"),
        CanonicalField("shippedAt", .date, "When it left"),
        CanonicalField("lines[].sku", .text, "An item shipped"),
        CanonicalField("lines[].quantity", .decimal, "How many"),
    ]
}

extension FlowKind {
    /// The records a mapping of this flow may fill, the usual one first. A file drop carries
    /// whichever the customer's legacy system exports (item master, stock, orders).
    public var mappedRecords: [CanonicalRecord] {
        switch self {
        case .inventorySync: [.stockLevel]
        case .orderToERP, .reconciliation: [.order]
        case .catalogPublish: [.product]
        case .returns: [.refund]
        case .fulfillmentStatus: [.shipment]
        case .fileDrop: [.product, .stockLevel, .order]
        default: CanonicalRecord.allCases
        }
    }
}
