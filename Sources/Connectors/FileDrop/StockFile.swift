import Commerce
import Foundation

/// Reads a stock file — SKU, quantity, optional location — into stock levels, true as of the
/// file's modification time (when the other system wrote its count), every row checked first.
struct StockFile {
    let settings: FileDropSettings

    /// Every level, or every problem of the file.
    func read(_ bytes: [UInt8], asOf: Date, locator: ProblemLocator) -> Result<[StockLevel], FileRejection> {
        let table: CSVTable
        switch CSVTable.read(bytes, dialect: settings.dialect, mapping: settings.columns,
                             fields: [.sku, .quantity, .location], required: [.sku, .quantity], locator: locator) {
        case .success(let read): table = read
        case .failure(let rejection): return .failure(rejection)
        }
        var levels: [StockLevel] = []
        var problems: [FileDropProblem] = []
        var firstLine: [String: Int] = [:]

        for row in table.rows {
            var rowProblems: [FileDropProblem] = []
            let sku = RowValue.sku(table.value(.sku, in: row), line: row.line, column: table.columnName(.sku),
                                   locator: locator, into: &rowProblems)
            let quantityColumn = table.columnName(.quantity)
            var quantity: Decimal?
            if let text = table.value(.quantity, in: row) {
                quantity = settings.dialect.decimalSeparator.decimal(from: text)
                if quantity == nil {
                    rowProblems.append(locator.problem(line: row.line, column: quantityColumn, .malformed,
                        "\(text.debugDescription) is not a quantity with a decimal \(settings.dialect.decimalSeparator.rawValue)"))
                }
            } else {
                rowProblems.append(locator.problem(line: row.line, column: quantityColumn, .required, "the quantity is empty"))
            }
            let location = table.value(.location, in: row) ?? settings.stockLocation
            if let sku {
                let key = "\(sku.text)\u{0}\(location)"
                if let earlier = firstLine[key] {
                    rowProblems.append(locator.problem(line: row.line, column: table.columnName(.sku), .duplicate,
                                                       "SKU \(sku) at \(location) is already on line \(earlier)"))
                } else {
                    firstLine[key] = row.line
                }
            }
            if let sku, let quantity {
                let level = StockLevel(sku: sku, location: location, quantity: quantity, asOf: asOf)
                rowProblems += level.validate().map {
                    locator.problem(line: row.line, column: $0.path == "location" ? table.columnName(.location) : quantityColumn,
                                    $0.rule, $0.message)
                }
                if rowProblems.isEmpty { levels.append(level) }
            }
            problems += rowProblems
        }
        return problems.isEmpty ? .success(levels) : .failure(FileRejection(problems: problems))
    }
}
