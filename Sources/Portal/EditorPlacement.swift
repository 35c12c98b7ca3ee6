import Tenancy

/// Where the mapping editor shows each problem: on the row of the rule it names, or beside
/// the input it concerns. The mapping's checks name places in the document (`fields[3].source`,
/// `value_maps[0].entries[2].from`); blank rows are dropped before the document is made, so
/// the document's index and the form's row differ, and this keeps the way back.
struct EditorPlacement {
    enum Row: Hashable {
        case field(Int), rule(Int), map(Int)
    }

    /// The form row of each document field rule, rule and value map, by document index.
    var fieldRows: [Int] = []
    var ruleRows: [Int] = []
    var mapRows: [Int] = []
    /// The textarea line of each value map entry, by map and entry index.
    var mapEntryLines: [[Int]] = []
    /// Messages by row.
    private(set) var rows: [Row: [String]] = [:]
    /// Messages for the inputs outside the rows, by input name (`record`, `time_zone`, `note`,
    /// `sample`).
    var general: [String: String] = [:]
    /// Messages that belong to no input.
    private(set) var unplaced: [String] = []

    var isEmpty: Bool { rows.isEmpty && general.isEmpty && unplaced.isEmpty }

    mutating func add(_ row: Row, _ message: String) {
        rows[row, default: []].append(message)
    }

    func messages(_ row: Row) -> [String] { rows[row] ?? [] }

    /// Puts every problem of a refused save or preview where it belongs.
    mutating func place(_ problems: [FieldProblem]) {
        for problem in problems { place(problem) }
    }

    private mutating func place(_ problem: FieldProblem) {
        let message = Self.sentence(problem.message)
        if let (index, rest) = Self.indexed("fields", problem.field), fieldRows.indices.contains(index) {
            add(.field(fieldRows[index]), Self.label(rest, names: ["target": "Target", "source": "Source", "default": "Default",
                                                                   "transforms": "Transforms"]) + message)
        } else if let (index, rest) = Self.indexed("rules", problem.field), ruleRows.indices.contains(index) {
            add(.rule(ruleRows[index]), Self.label(rest, names: ["field": "Field", "check": "Check", "pattern": "Pattern",
                                                                 "values": "Values", "min": "Minimum", "max": "Maximum",
                                                                 "length": "Length"]) + message)
        } else if let (index, rest) = Self.indexed("value_maps", problem.field), mapRows.indices.contains(index) {
            var label = Self.label(rest, names: ["name": "Name", "entries": "Entries", "fallback": "Otherwise"])
            if let (entry, _) = Self.indexed(".entries", String(rest)), mapEntryLines.indices.contains(index),
               mapEntryLines[index].indices.contains(entry) {
                label = "Line \(mapEntryLines[index][entry]): "
            }
            add(.map(mapRows[index]), label + message)
        } else if ["record", "time_zone", "note", "sample"].contains(problem.field) {
            general[problem.field] = message
        } else {
            unplaced.append((problem.field.isEmpty ? "" : problem.field.replacingOccurrences(of: "_", with: " ") + ": ") + message)
        }
    }

    /// `fields[3].source` with prefix `fields` → (3, `.source`).
    private static func indexed(_ prefix: String, _ path: String) -> (Int, Substring)? {
        guard path.hasPrefix(prefix + "["), let close = path.firstIndex(of: "]") else { return nil }
        guard let index = Int(path[path.index(path.startIndex, offsetBy: prefix.count + 1)..<close]) else { return nil }
        return (index, path[path.index(after: close)...])
    }

    /// `.transforms[1]` → `Transforms: `, by the first member's name; empty for the row itself.
    private static func label(_ rest: Substring, names: [String: String]) -> String {
        let member = rest.drop(while: { $0 == "." }).prefix { $0 != "." && $0 != "[" }
        guard let name = names[String(member)] else { return "" }
        if member == "transforms", let open = rest.firstIndex(of: "["), let close = rest.firstIndex(of: "]"),
           let index = Int(rest[rest.index(after: open)..<close]) {
            return "Transform \(index + 1): "
        }
        return name + ": "
    }

    /// A message as a sentence: capital first letter, full stop.
    static func sentence(_ message: String) -> String {
        message.prefix(1).uppercased() + message.dropFirst() + (message.hasSuffix(".") ? "" : ".")
    }
}
