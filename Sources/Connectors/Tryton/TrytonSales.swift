import Commerce
import Foundation

/// Sale orders in Tryton (`sale.sale`, module `sale`), written under our reference in the
/// sale's `reference` field ("the customer's reference") and brought to `processing`:
/// `quote` then `confirm`; with no queue worker trytond runs `process` at the end of the confirm
/// call, which creates the customer shipment and the draft invoice.
struct TrytonSales {
    let client: TrytonClient
    let catalog: TrytonCatalog
    let parties: TrytonParties
    let taxes: TrytonTaxes

    static let feed = TrytonChangeFeed(model: "sale.sale", fields: saleFields)
    static let saleFields = ["number", "reference", "description", "state", "currency.code", "party", "party.name",
                             "invoice_address", "shipment_address", "lines", "untaxed_amount", "tax_amount", "total_amount",
                             "create_date", "comment", "invoices", "shipments"]
    static let lineFields = ["type", "product", "product.code", "description", "quantity", "unit_price", "taxes", "amount"]

    /// The id of the sale carrying our reference, nil when there is none.
    func saleID(reference: String) throws(ConnectorError) -> Int? {
        try client.uniqueID("sale.sale", [["reference", "=", .string(reference)]], describing: "reference \(reference)")
    }

    /// Creates the sale for `order` under `reference` unless one exists, and brings it to
    /// `processing` (a sale a first attempt left in draft or quotation goes on from there).
    func upsert(_ order: Order, reference: String) throws(ConnectorError) -> UpsertOutcome {
        let subject = "order \(order.number)"
        if let id = try saleID(reference: reference) {
            let advanced = try client.confirmSale(id)
            return UpsertOutcome(key: reference, externalID: ExternalID(.trytonERP, String(id)), action: advanced ? .updated : .unchanged)
        }
        do throws(ConnectorError) {
            let id = try client.create("sale.sale", [try saleValues(order, reference: reference)])[0]
            // Should quote or confirm fail, the draft stays under our reference: a retry finds
            // it and goes on from there.
            _ = try client.confirmSale(id)
            return UpsertOutcome(key: reference, externalID: ExternalID(.trytonERP, String(id)), action: .created)
        } catch {
            throw error.subject == nil ? error.about(subject) : error
        }
    }

    /// The new sale's values: the customer's party and addresses, the warehouse, the lines with
    /// their unit, net unit price and the product category's taxes.
    private func saleValues(_ order: Order, reference: String) throws(ConnectorError) -> [String: TrytonValue] {
        if let problem = order.validate().first {
            throw ConnectorError.business("The order is not valid: \(problem)")
        }
        let session = try client.session()
        guard order.currency == session.currency else {
            throw ConnectorError.business("The order is in \(order.currency); the Tryton company sells in \(session.currency).")
        }
        guard order.taxInclusion == .exclusive else {
            throw ConnectorError.business("Tryton sale prices exclude tax; the order's prices include it. Map it to net prices first.")
        }
        guard let customer = order.customer else {
            throw ConnectorError.business("A Tryton sale needs a customer; the order has none.")
        }
        let partyID = Int(try parties.upsert(customer).externalID.id) ?? 0
        let billing = order.billingAddress ?? customer.addresses.first
        guard let invoiceAddress = try parties.addressID(of: partyID, matching: billing),
              let shipmentAddress = try parties.addressID(of: partyID, matching: order.shippingAddress ?? billing) else {
            throw ConnectorError.business("A Tryton sale needs an address; the order and its customer have none.")
        }
        let variants = try catalog.variants(skus: order.lines.compactMap(\.sku))
        var lines: [TrytonValue] = []
        for line in order.lines {
            guard let sku = line.sku, let variant = variants[sku] else {
                throw ConnectorError.business("Tryton has no product with code \(line.sku?.text ?? "(none)"); create it in the ERP first.")
            }
            var unit = variant.reference("sale_uom")
            if unit == nil { unit = try catalog.unitID() }
            let taxIDs = try variant.reference("account_category").map { id throws(ConnectorError) in try taxes.customerTaxIDs(ofCategory: id) } ?? []
            lines.append([
                "type": "line", "product": .int(variant.id), "description": .string(line.name),
                "quantity": TrytonStock.float(line.quantity), "unit": .int(unit ?? 0),
                "unit_price": .decimal(Self.netUnitPrice(line)),
                "taxes": [["add", .ids(taxIDs)]],
            ])
        }
        // Shipping and fees have no product in Tryton; they travel as comment lines so that the
        // sale shows them, and their amounts are not invoiced by Tryton.
        for shipping in order.shippingLines {
            lines.append(["type": "comment", "description": .string("Shipping: \(shipping.title) \(shipping.amount)")])
        }
        for fee in order.fees {
            lines.append(["type": "comment", "description": .string("Fee: \(fee.name) \(fee.amount)")])
        }
        var values: [String: TrytonValue] = [
            "party": .int(partyID), "invoice_address": .int(invoiceAddress), "shipment_address": .int(shipmentAddress),
            "warehouse": .int(try TrytonWarehouse.named(client.settings.warehouse, client: client).id),
            "reference": .string(reference), "description": .string(order.number),
            "sale_date": .date(TrytonDate(order.createdAt)),
            "lines": [["create", .array(lines)]],
        ]
        if let note = order.note { values["comment"] = .string(note) }
        return values
    }

    /// The unit price after the line's discounts, to Tryton's 4 price digits
    /// (`product.price_decimal`), half to even.
    static func netUnitPrice(_ line: OrderLine) -> Decimal {
        let discount = line.discounts.reduce(Decimal(0)) { $0 + $1.amount.amount }
        guard discount != 0, line.quantity != 0 else { return line.unitPrice.amount }
        var exact = (line.unitPrice.amount * line.quantity - discount) / line.quantity
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 4, .bankers)
        return rounded
    }

    // MARK: Reading

    /// The sale under our reference as an order, or nil.
    func order(reference: String) throws(ConnectorError) -> Order? {
        guard let id = try saleID(reference: reference) else { return nil }
        return try orders(ids: [id]).first
    }

    /// The sales under `references`, and those under a reference starting with `prefix` whose
    /// `sale_date` falls on a UTC day `window` touches, by reference. References are searched
    /// in chunks (`chunk` per `search_read`) so that one request stays a bounded size.
    func orders(references: [String], orPrefix prefix: String, datedIn window: Range<Date>,
                chunk: Int = 500) throws(ConnectorError) -> [String: Order] {
        // `like` treats `%` and `_` as wildcards and `\` as their escape: escaped, a prefix matches only itself.
        let escaped = prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let lastMoment = window.upperBound > window.lowerBound ? window.upperBound.addingTimeInterval(-0.001) : window.lowerBound
        var domains: [TrytonValue] = [[["reference", "like", .string(escaped + "%")],
                                       ["sale_date", ">=", .date(TrytonDate(window.lowerBound))],
                                       ["sale_date", "<=", .date(TrytonDate(lastMoment))]]]
        var start = 0
        while start < references.count {
            domains.append([["reference", "in", .array(references[start..<min(start + chunk, references.count)].map(TrytonValue.string))]])
            start += chunk
        }
        var found: [String: Order] = [:]
        for domain in domains {
            let sales = try client.searchRead("sale.sale", domain, fields: Self.saleFields)
            for (sale, order) in zip(sales, try orders(sales)) {
                if let reference = sale.text("reference") { found[reference] = order }
            }
        }
        return found
    }

    /// Sales as orders, in the order of `ids`.
    func orders(ids: [Int]) throws(ConnectorError) -> [Order] {
        try orders(try client.read("sale.sale", ids, fields: Self.saleFields))
    }

    /// Read sales mapped to orders, with their lines, addresses and taxes.
    func orders(_ sales: [TrytonRecord]) throws(ConnectorError) -> [Order] {
        let lineRecords = try client.read("sale.line", sales.flatMap { $0["lines"]?.idList ?? [] }, fields: Self.lineFields)
        let linesByID = Dictionary(lineRecords.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let taxByID = Dictionary(try taxes.taxes(Array(Set(lineRecords.flatMap { $0["taxes"]?.idList ?? [] }))).map { ($0.id, $0) },
                                 uniquingKeysWith: { first, _ in first })
        let addressIDs = sales.flatMap { [$0.reference("invoice_address"), $0.reference("shipment_address")].compactMap { $0 } }
        let addresses = Dictionary(try client.read("party.address", Array(Set(addressIDs)), fields: TrytonParties.addressFields)
                                    .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try sales.map { sale throws(ConnectorError) -> Order in
            let code = sale[related: "currency", "code"]?.stringValue ?? ""
            guard let currency = CurrencyCode(code) else {
                throw ConnectorError.business("Tryton sale \(sale.id) is in \(code), which Counterpart does not know.")
            }
            let lines = (sale["lines"]?.idList ?? []).compactMap { linesByID[$0] }.filter { $0.text("type") == "line" }
                .map { Self.orderLine($0, currency: currency, taxes: taxByID) }
            let money = { (field: String) in sale[field]?.decimalValue.map { Money($0, currency) } }
            let party = sale.reference("party")
            return Order(
                number: sale.text("number") ?? sale.text("reference") ?? "sale \(sale.id)",
                externalIDs: [ExternalID(.trytonERP, String(sale.id))],
                status: OrderStatus(trytonSale: sale.text("state") ?? "") ?? .draft,
                currency: currency, taxInclusion: .exclusive, rounding: .halfEven,
                customer: party.map { Customer(externalIDs: [ExternalID(.trytonERP, String($0))],
                                               name: sale[related: "party", "name"]?.stringValue ?? "party \($0)") },
                billingAddress: sale.reference("invoice_address").flatMap { addresses[$0] }.flatMap(TrytonParties.address),
                shippingAddress: sale.reference("shipment_address").flatMap { addresses[$0] }.flatMap(TrytonParties.address),
                lines: lines,
                stated: money("total_amount").map { StatedTotals(tax: money("tax_amount"), total: $0) },
                createdAt: sale["create_date"]?.timestampValue?.date ?? Date(timeIntervalSince1970: 0),
                note: sale.text("comment"))
        }
    }

    static func orderLine(_ line: TrytonRecord, currency: CurrencyCode, taxes: [Int: TrytonTaxes.Tax]) -> OrderLine {
        let quantity = line["quantity"]?.decimalValue ?? 0
        let unitPrice = Money(line["unit_price"]?.decimalValue ?? 0, currency)
        let amount = Money(line["amount"]?.decimalValue ?? unitPrice.multiplied(by: quantity).amount, currency)
        return OrderLine(
            externalIDs: [ExternalID(.trytonERP, String(line.id))],
            sku: line[related: "product", "code"]?.stringValue.flatMap { try? SKU($0) },
            name: line.text("description") ?? "",
            quantity: quantity, unitPrice: unitPrice,
            taxes: (line["taxes"]?.idList ?? []).compactMap { taxes[$0]?.line(on: amount, quantity: quantity) })
    }
}

extension TrytonClient {
    /// `quote` and `confirm` as far as sale `id` still needs them (a sale or a return sale that
    /// an earlier attempt left in draft or quotation goes on from there); whether anything was done.
    func confirmSale(_ id: Int) throws(ConnectorError) -> Bool {
        switch try read("sale.sale", [id], fields: ["state"]).first?.text("state") ?? "" {
        case "draft":
            try press("sale.sale", "quote", [id])
            try press("sale.sale", "confirm", [id])
            return true
        case "quotation":
            try press("sale.sale", "confirm", [id])
            return true
        default:
            return false
        }
    }
}
