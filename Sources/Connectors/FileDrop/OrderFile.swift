import Commerce
import Foundation

/// An order as a CSV file for a legacy ERP: one row per order line, the order's own fields
/// repeated on each (the layout such systems import most readily), a fixed header of our own
/// names, amounts in the connection's decimal separator with the currency's minor units.
struct OrderFile {
    let dialect: CSVDialect

    /// The header, in column order.
    static let header = [
        "order_reference", "order_number", "order_date", "status", "currency", "prices_include_tax",
        "customer_name", "customer_email", "ship_name", "ship_street", "ship_postcode", "ship_city", "ship_country",
        "line_number", "sku", "description", "quantity", "unit_price", "line_discount", "line_tax", "line_total",
        "order_shipping", "order_total",
    ]

    /// The file's bytes.
    ///
    /// - Throws: a business ``ConnectorError`` when an amount is in another currency or a
    ///   character cannot be written in the connection's encoding (naming it).
    func render(_ order: Order, reference: String) throws(ConnectorError) -> [UInt8] {
        let totals: OrderTotals
        var rows: [[String]] = [Self.header]
        do {
            totals = try order.totals()
            let address = order.shippingAddress ?? order.billingAddress
            for (index, line) in order.lines.enumerated() {
                let amounts = try line.amounts(in: order.currency, rounding: order.rounding)
                rows.append([
                    reference, order.number, Self.timestamp(order.createdAt), order.status.rawValue, order.currency.code,
                    order.taxInclusion == .inclusive ? "yes" : "no",
                    order.customer?.name ?? address?.name ?? "", order.customer?.email ?? "",
                    address?.name ?? "", address?.lines.joined(separator: "\n") ?? "", address?.postalCode ?? "",
                    address?.city ?? "", address?.country.code ?? "",
                    String(index + 1), line.sku?.text ?? "", line.name, dialect.decimalSeparator.text(of: line.quantity),
                    amount(line.unitPrice.amount), money(amounts.discount), money(amounts.tax), money(amounts.total),
                    money(totals.shipping), money(totals.total),
                ])
            }
        } catch {
            throw ConnectorError.business("The order's amounts do not add up in \(order.currency): \(error)", subject: "order \(reference)")
        }
        let text = CSVWriter(dialect: dialect).text(rows)
        switch CSVText.encode(text, as: dialect.encoding) {
        case .success(let bytes):
            return bytes
        case .failure(let unencodable):
            throw ConnectorError.business(
                "The order holds \"\(Character(unencodable.scalar))\" (U+\(String(unencodable.scalar.value, radix: 16, uppercase: true))), "
                    + "which \(dialect.encoding.rawValue) cannot write; correct the order or switch the connection to UTF-8.",
                subject: "order \(reference)")
        }
    }

    /// Reads back a file this type wrote: the order as the other system will see it.
    ///
    /// - Returns: nil when the bytes are not such a file.
    func parse(_ bytes: [UInt8]) -> Order? {
        guard case .success(let text) = CSVText.decode(bytes, as: dialect.encoding, locator: ProblemLocator(file: "")) else { return nil }
        let records = CSVReader(delimiter: dialect.delimiter.scalar).records(in: text)
        guard records.problems.isEmpty, records.records.first?.fields == Self.header else { return nil }
        let rows = records.records.dropFirst().map { record in
            Dictionary(uniqueKeysWithValues: zip(Self.header, record.fields))
        }
        guard let first = rows.first, let currency = CurrencyCode(first["currency"] ?? ""),
              let status = OrderStatus(rawValue: first["status"] ?? ""),
              let createdAt = ISO8601DateFormatter().date(from: first["order_date"] ?? "") else { return nil }
        let decimal = { (text: String?) in text.flatMap(dialect.decimalSeparator.decimal(from:)) }
        var lines: [OrderLine] = []
        for row in rows {
            guard let quantity = decimal(row["quantity"]), let unitPrice = decimal(row["unit_price"]),
                  let discount = decimal(row["line_discount"]), let tax = decimal(row["line_tax"]) else { return nil }
            lines.append(OrderLine(
                sku: try? SKU(row["sku"] ?? ""), name: row["description"] ?? "", quantity: quantity,
                unitPrice: Money(unitPrice, currency),
                discounts: discount == 0 ? [] : [Discount(amount: Money(discount, currency))],
                taxes: tax == 0 ? [] : [TaxLine(label: "Tax", amount: Money(tax, currency))]))
        }
        let shipping = decimal(first["order_shipping"]) ?? 0
        let email = first["customer_email"] ?? ""
        return Order(
            number: first["order_number"] ?? "", externalIDs: [ExternalID(.fileDrop, first["order_reference"] ?? "")],
            status: status, currency: currency,
            taxInclusion: first["prices_include_tax"] == "yes" ? .inclusive : .exclusive,
            customer: (first["customer_name"] ?? "").isEmpty ? nil
                : Customer(name: first["customer_name"] ?? "", email: email.isEmpty ? nil : email),
            lines: lines,
            shippingLines: shipping == 0 ? [] : [ShippingLine(method: "shipping", title: "Shipping", amount: Money(shipping, currency))],
            createdAt: createdAt)
    }

    private func money(_ money: Money) -> String { amount(money.amount, minorUnits: money.currency.minorUnits) }

    /// An amount with at least `minorUnits` decimals (a unit price may have more).
    private func amount(_ value: Decimal, minorUnits: Int = 2) -> String {
        var text = NSDecimalNumber(decimal: value).stringValue
        let fraction = text.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        if fraction < minorUnits {
            text += (fraction == 0 ? "." : "") + String(repeating: "0", count: minorUnits - fraction)
        }
        if text.hasSuffix(".") { text.removeLast() }
        return dialect.decimalSeparator == .comma ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// ISO 8601 in UTC, whole seconds.
    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
