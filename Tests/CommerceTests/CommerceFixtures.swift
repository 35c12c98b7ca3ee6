import Commerce
import Foundation

// `.make(...)` builders with valid defaults: a test names only what it is about.

extension SKU {
    static func make(_ text: String = "MUG-1") -> SKU { try! SKU(text) }
}

extension Address {
    static func make(country: String = "DE", city: String = "Berlin") -> Address {
        Address(name: "Ada Lovelace", lines: ["Street 1"], city: city, postalCode: "10115", country: CountryCode(country)!)
    }
}

extension Customer {
    static func make(email: String? = "ada@example.test", phone: String? = "+49 30 1234567") -> Customer {
        Customer(externalIDs: [ExternalID(.wooCommerce, "3")], name: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace",
                 email: email, phone: phone, addresses: [.make()])
    }
}

extension OrderLine {
    static func make(sku: String = "MUG-1", quantity: Decimal = 2, unitPrice: String = "17.50", currency: CurrencyCode = .eur) -> OrderLine {
        OrderLine(sku: .make(sku), name: "Mug", quantity: quantity, unitPrice: Money(unitPrice, currency)!)
    }
}

extension Order {
    static let placed = Date(timeIntervalSince1970: 1_795_000_000)

    static func make(lines: [OrderLine] = [.make()], shipping: String? = "4.90") -> Order {
        Order(number: "1001", externalIDs: [ExternalID(.wooCommerce, "23")], status: .processing, currency: .eur,
              customer: .make(), billingAddress: .make(), shippingAddress: .make(), lines: lines,
              shippingLines: shipping.map { [ShippingLine(method: "flat_rate", title: "Flat", amount: Money($0, .eur)!)] } ?? [],
              createdAt: placed)
    }
}

extension Product {
    static func make() -> Product {
        Product(sku: .make("SHIRT"), externalIDs: [ExternalID(.wooCommerce, "19"), ExternalID(.trytonERP, "4")], name: "Shirt",
                description: "Cotton.\nMachine wash.", attributes: [ProductAttribute("Size", ["S", "M"])],
                barcodes: [Barcode(.ean13, "4006381333931")], weight: Weight(Decimal(string: "0.2")!, .kilogram),
                variants: [Variant(sku: .make("SHIRT-S"), options: [ProductAttribute("Size", ["S"])]),
                           Variant(sku: .make("SHIRT-M"), options: [ProductAttribute("Size", ["M"])])])
    }
}
