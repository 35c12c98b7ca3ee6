public import Commerce

/// One row of an item master file: the product, and its price when the file has prices.
public struct ItemMasterRecord: Sendable, Hashable, Codable {
    /// The line the row starts on.
    public var line: Int
    /// The product (a simple product: legacy item masters list sellable SKUs).
    public var product: Product
    /// Its price, when the file has a price column.
    public var price: Price?

    /// Creates a record.
    public init(line: Int, product: Product, price: Price?) {
        self.line = line
        self.product = product
        self.price = price
    }
}

/// Reads an item master file — SKU, name, optional description, price and sale price — into
/// products and prices, checking every row against Commerce's rules before any is accepted.
struct ItemMasterFile {
    let settings: FileDropSettings

    /// Every record, or every problem of the file.
    func read(_ bytes: [UInt8], locator: ProblemLocator) -> Result<[ItemMasterRecord], FileRejection> {
        let table: CSVTable
        switch CSVTable.read(bytes, dialect: settings.dialect, mapping: settings.columns,
                             fields: [.sku, .name, .description, .price, .salePrice], required: [.sku, .name],
                             locator: locator) {
        case .success(let read): table = read
        case .failure(let rejection): return .failure(rejection)
        }
        var records: [ItemMasterRecord] = []
        var problems: [FileDropProblem] = []
        var firstLine: [SKU: Int] = [:]
        let amounts = AmountColumn(table: table, settings: settings, locator: locator)

        for row in table.rows {
            var rowProblems: [FileDropProblem] = []
            let skuColumn = table.columnName(.sku)
            let sku = RowValue.sku(table.value(.sku, in: row), line: row.line, column: skuColumn, locator: locator, into: &rowProblems)
            let list = amounts.money(.price, in: row, into: &rowProblems)
            let sale = amounts.money(.salePrice, in: row, into: &rowProblems)
            if let sku, let earlier = firstLine.updateValue(firstLine[sku] ?? row.line, forKey: sku) {
                rowProblems.append(locator.problem(line: row.line, column: skuColumn, .duplicate,
                                                   "SKU \(sku) is already on line \(earlier)"))
            }
            guard let sku else { problems += rowProblems; continue }

            let product = Product(sku: sku, name: table.value(.name, in: row) ?? "",
                                  description: table.value(.description, in: row))
            rowProblems += product.validate().map {
                locator.problem(line: row.line, column: column(for: $0.path, table: table), $0.rule, $0.message)
            }
            var price: Price?
            if let list {
                let candidate = Price(sku: sku, list: list, sale: sale.map { Price.Sale($0) }, taxInclusion: settings.taxInclusion)
                rowProblems += candidate.validate().map {
                    locator.problem(line: row.line, column: $0.path.hasPrefix("sale") ? table.columnName(.salePrice)
                                        : table.columnName(.price), $0.rule, $0.message)
                }
                price = candidate
            } else if sale != nil {
                rowProblems.append(locator.problem(line: row.line, column: table.columnName(.price), .required,
                                                   "a sale price needs a list price"))
            }
            if rowProblems.isEmpty {
                records.append(ItemMasterRecord(line: row.line, product: product, price: price))
            }
            problems += rowProblems
        }
        return problems.isEmpty ? .success(records) : .failure(FileRejection(problems: problems))
    }

    /// The column a Product validation path points at.
    private func column(for path: String, table: CSVTable) -> String? {
        if path.hasPrefix("name") { return table.columnName(.name) }
        if path.hasPrefix("description") { return table.columnName(.description) }
        return nil
    }
}

/// Money columns of one file: amounts in the connection's decimal separator and currency.
struct AmountColumn {
    let table: CSVTable
    let settings: FileDropSettings
    let locator: ProblemLocator

    /// The amount in `field`'s column of `row`, nil when blank or absent; a problem when unreadable.
    func money(_ field: ColumnMapping.Field, in row: CSVRecord, into problems: inout [FileDropProblem]) -> Money? {
        guard let text = table.value(field, in: row) else { return nil }
        guard let amount = settings.dialect.decimalSeparator.decimal(from: text) else {
            problems.append(locator.problem(line: row.line, column: table.columnName(field), .malformed,
                "\(text.debugDescription) is not an amount with a decimal \(settings.dialect.decimalSeparator.rawValue)"))
            return nil
        }
        return Money(amount, settings.currency)
    }
}

/// Reading single values of a row.
enum RowValue {
    /// The SKU in `text`, or the problems with it.
    static func sku(_ text: String?, line: Int, column: String?, locator: ProblemLocator,
                    into problems: inout [FileDropProblem]) -> SKU? {
        guard let text else {
            problems.append(locator.problem(line: line, column: column, .required, "the SKU is empty"))
            return nil
        }
        do {
            return try SKU(text)
        } catch {
            problems += error.problems.map { locator.problem(line: line, column: column, $0.rule, "SKU \($0.message)") }
            return nil
        }
    }
}
