import Commerce
import Foundation

/// Till sales in Tryton's point of sale (module `sale_point`): `sale.point.sale` with its
/// lines (`sale.point.sale.line`: product, quantity, unit list and gross prices) and payments
/// (`sale.point.payment`: method, amount). A sale is `open` while rung up, `done` once paid and
/// processed (it gets its number), `posted` once its stock moves and accounting move exist.
struct TrytonPOSSales {
    let client: TrytonClient
    let catalog: TrytonCatalog
    let taxes: TrytonTaxes

    static let saleFields = ["number", "state", "point", "currency.code", "lines", "payments", "total", "total_tax",
                             "create_date", "date"]
    static let lineFields = ["product", "product.code", "product.rec_name", "quantity", "unit_list_price", "unit_gross_price", "amount"]
    static let paymentFields = ["method.name", "cash", "amount", "create_date"]

    /// The point of sale (`sale.point`) the connection works with: the one selling from the
    /// storage zone of the connection's warehouse, or the first one.
    struct Point: Sendable, Hashable {
        var id: Int
        var name: String
        var taxIncluded: Bool
    }

    func point() throws(ConnectorError) -> Point {
        let cached = try client.remembered("sale.point") { () throws(ConnectorError) -> TrytonValue in
            var domain: [TrytonValue] = []
            if let code = client.settings.warehouse {
                domain.append(["storage_location", "=", .int(try TrytonWarehouse.named(code, client: client).storageID)])
            }
            guard let record = try client.searchRead("sale.point", .array(domain), fields: ["name", "tax_included"], limit: 1,
                                                     order: [("id", "ASC")]).first else {
                let which = client.settings.warehouse.map { " selling from warehouse \($0)" } ?? ""
                throw ConnectorError.permanent("Tryton database \(client.settings.database) has no point of sale\(which).")
            }
            return .object(record.values)
        }
        let record = TrytonRecord(cached.objectValue)
        return Point(id: record.id, name: record.text("name") ?? "POS \(record.id)", taxIncluded: record["tax_included"]?.boolValue ?? false)
    }

    /// The change feed of this point's sales.
    func feed() throws(ConnectorError) -> TrytonChangeFeed {
        TrytonChangeFeed(model: "sale.point.sale", filter: [["point", "=", .int(try point().id)]], fields: Self.saleFields)
    }

    /// Rings up `order` at the point: creates the sale with its lines, pays it with the order's
    /// payments (by method name; none given: in cash, the amount due), processes and posts it.
    /// Returns the sale's id.
    func record(_ order: Order) throws(ConnectorError) -> Int {
        if let problem = order.validate().first { throw ConnectorError.business("The sale is not valid: \(problem)") }
        let session = try client.session()
        guard order.currency == session.currency else {
            throw ConnectorError.business("The sale is in \(order.currency); the Tryton company sells in \(session.currency).")
        }
        let point = try point()
        let variants = try catalog.variants(skus: order.lines.compactMap(\.sku))
        var lines: [TrytonValue] = []
        for line in order.lines {
            guard let sku = line.sku, let variant = variants[sku] else {
                throw ConnectorError.business("Tryton has no product with code \(line.sku?.text ?? "(none)").")
            }
            let taxIDs = try variant.reference("account_category").map { id throws(ConnectorError) in try taxes.customerTaxIDs(ofCategory: id) } ?? []
            let rate = try taxes.taxes(taxIDs).compactMap(\.rate).reduce(Decimal(0), +)
            // Both prices are required: the till computes one from the other (on_change, which
            // create() does not run) — gross = list × (1 + rate), to the POS's 4 price digits.
            let unitPrice = TrytonSales.netUnitPrice(line)
            let list = order.taxInclusion == .exclusive ? unitPrice : Self.rounded(unitPrice / (1 + rate))
            let gross = order.taxInclusion == .inclusive ? unitPrice : Self.rounded(unitPrice * (1 + rate))
            lines.append(["product": .int(variant.id), "quantity": TrytonStock.float(line.quantity),
                          "unit_list_price": .decimal(list), "unit_gross_price": .decimal(gross)])
        }
        let id = try client.create("sale.point.sale", [["point": .int(point.id), "lines": [["create", .array(lines)]]]])[0]
        var payments: [[String: TrytonValue]] = []
        for payment in order.payments {
            payments.append(["sale": .int(id), "method": .int(try methodID(named: payment.methodTitle ?? payment.method, or: payment.method)),
                             "amount": .decimal(payment.amount.amount)])
        }
        if payments.isEmpty {
            let due = try client.read("sale.point.sale", [id], fields: ["amount_to_pay"]).first?["amount_to_pay"]?.decimalValue ?? 0
            payments.append(["sale": .int(id), "method": .int(try methodID(named: "Cash", or: "cash")), "amount": .decimal(due)])
        }
        _ = try client.create("sale.point.payment", payments)
        try client.press("sale.point.sale", "process", [id])
        try client.press("sale.point.sale", "post", [id])
        return id
    }

    /// The id of the payment method named `name` (or `alternative`), ignoring case.
    private func methodID(named name: String, or alternative: String) throws(ConnectorError) -> Int {
        let methods = try client.searchRead("sale.point.payment.method", [], fields: ["name"])
        let wanted = [name.lowercased(), alternative.lowercased()]
        guard let method = methods.first(where: { wanted.contains(($0.text("name") ?? "").lowercased()) }) else {
            let known = methods.compactMap { $0.text("name") }.joined(separator: ", ")
            throw ConnectorError.business("Tryton's point of sale has no payment method \(name); it has \(known). Map the method.")
        }
        return method.id
    }

    private static func rounded(_ value: Decimal) -> Decimal {
        var exact = value
        var result = Decimal()
        NSDecimalRound(&result, &exact, 4, .bankers)
        return result
    }

    // MARK: Reading

    /// Sales mapped to orders: lines at their list (tax-excluded) unit price with the tax the
    /// till charged, payments by method.
    func orders(_ sales: [TrytonRecord]) throws(ConnectorError) -> [Order] {
        let lines = Dictionary(try client.read("sale.point.sale.line", sales.flatMap { $0["lines"]?.idList ?? [] }, fields: Self.lineFields)
                                .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let payments = Dictionary(try client.read("sale.point.payment", sales.flatMap { $0["payments"]?.idList ?? [] }, fields: Self.paymentFields)
                                    .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try sales.map { sale throws(ConnectorError) -> Order in
            let code = sale[related: "currency", "code"]?.stringValue ?? ""
            guard let currency = CurrencyCode(code) else {
                throw ConnectorError.business("Tryton POS sale \(sale.id) is in \(code), which Counterpart does not know.")
            }
            let createdAt = sale["create_date"]?.timestampValue?.date ?? Date(timeIntervalSince1970: 0)
            let money = { (value: TrytonValue?) in Money(value?.decimalValue ?? 0, currency) }
            return Order(
                number: sale.text("number") ?? "POS sale \(sale.id)",
                externalIDs: [ExternalID(.trytonPOS, String(sale.id))],
                status: OrderStatus(trytonPOSSale: sale.text("state") ?? "") ?? .draft,
                currency: currency, taxInclusion: .exclusive, rounding: .halfEven,
                lines: (sale["lines"]?.idList ?? []).compactMap { lines[$0] }.map { line in
                    let quantity = line["quantity"]?.decimalValue ?? 0
                    let list = money(line["unit_list_price"])
                    // Both prices come from one sale, so they share its currency.
                    let perUnit = (line["unit_gross_price"]?.decimalValue ?? 0) - list.amount
                    let tax = Money(perUnit * quantity, currency).rounded(.halfEven)
                    return OrderLine(externalIDs: [ExternalID(.trytonPOS, String(line.id))],
                                     sku: line[related: "product", "code"]?.stringValue.flatMap { try? SKU($0) },
                                     name: line[related: "product", "rec_name"]?.stringValue ?? "",
                                     quantity: quantity, unitPrice: list,
                                     taxes: tax.isZero ? [] : [TaxLine(label: "Tax", amount: tax)])
                },
                payments: (sale["payments"]?.idList ?? []).compactMap { payments[$0] }.map { payment in
                    let method = payment[related: "method", "name"]?.stringValue ?? "payment"
                    return Payment(method: method.lowercased(), methodTitle: method, amount: money(payment["amount"]),
                                   paidAt: payment["create_date"]?.timestampValue?.date)
                },
                stated: StatedTotals(tax: money(sale["total_tax"]), total: money(sale["total"])),
                createdAt: createdAt)
        }
    }

    /// The sales with these ids as orders.
    func orders(ids: [Int]) throws(ConnectorError) -> [Order] {
        try orders(try client.read("sale.point.sale", ids, fields: Self.saleFields))
    }
}
