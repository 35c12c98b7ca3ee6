/// A lookup table as people keep it: a CSV file (RFC 4180) with the header `key,value` and
/// one translation per row — an SKU cross-reference exported from the ERP, say.
///
/// Fields may be quoted (`"A, B"`, `""` for a quote inside); lines end in CRLF or LF; a UTF-8
/// byte order mark and blank lines are ignored. Everything wrong is reported with its line
/// number, and nothing of a file with a problem is used: a half-imported cross-reference
/// would send the wrong items quietly.
public struct LookupTableCSV: Sendable, Equatable {
    /// The rows in file order.
    public let rows: [(key: String, value: String)]

    /// Most rows a table may have: a large retailer's SKU cross-reference fits many times.
    public static let maximumRows = 100_000
    /// Longest key, in characters (an SKU is at most 100 in WooCommerce).
    public static let maximumKeyLength = 200
    /// Longest value, in characters.
    public static let maximumValueLength = 500
    /// At most this many problems are listed; the rest are counted.
    public static let maximumProblemsListed = 20

    /// Reads `bytes`; `LookupTableCSVError` lists what is wrong, line by line.
    public init(bytes: [UInt8]) throws(LookupTableCSVError) {
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        guard let text = String(validating: content, as: UTF8.self) else {
            throw LookupTableCSVError(problems: [.init(line: Self.firstInvalidLine(content), message: "is not UTF-8 text; save the file as UTF-8 CSV")],
                                      unlisted: 0)
        }
        var problems: [LookupTableCSVError.LineProblem] = []
        var rows: [(key: String, value: String)] = []
        var seen: [String: Int] = [:]
        var sawHeader = false
        var records = CSVRecords(text)
        while let record = records.next() {
            switch record {
            case .failure(let problem):
                problems.append(problem)
            case .success(let (line, fields)):
                if fields == [""] { continue }
                if !sawHeader {
                    sawHeader = true
                    let header = fields.map { $0.strippingWhitespace.lowercased() }
                    if header != ["key", "value"] {
                        problems.append(.init(line: line, message: "the header must be key,value (found \(fields.joined(separator: ",")))"))
                    }
                    continue
                }
                guard fields.count == 2 else {
                    problems.append(.init(line: line, message: "has \(fields.count) value\(fields.count == 1 ? "" : "s"); a row is key,value "
                                          + "(quote a value that holds a comma)"))
                    continue
                }
                let key = fields[0].strippingWhitespace
                let value = fields[1].strippingWhitespace
                if key.isEmpty {
                    problems.append(.init(line: line, message: "the key is empty"))
                } else if key.count > Self.maximumKeyLength {
                    problems.append(.init(line: line, message: "the key is longer than \(Self.maximumKeyLength) characters"))
                } else if value.count > Self.maximumValueLength {
                    problems.append(.init(line: line, message: "the value is longer than \(Self.maximumValueLength) characters"))
                } else if let first = seen[key] {
                    problems.append(.init(line: line, message: "the key '\(key.prefix(60))' is already on line \(first)"))
                } else {
                    seen[key] = line
                    rows.append((key, value))
                }
            }
        }
        if !sawHeader { problems.append(.init(line: 1, message: "the file is empty; it needs the header key,value and rows")) }
        if rows.count > Self.maximumRows {
            problems.append(.init(line: 1, message: "has \(rows.count) rows; at most \(Self.maximumRows) are allowed"))
        }
        guard problems.isEmpty else {
            throw LookupTableCSVError(problems: Array(problems.prefix(Self.maximumProblemsListed)),
                                      unlisted: max(0, problems.count - Self.maximumProblemsListed))
        }
        self.rows = rows
    }

    /// The rows as a table for `LookupTables`.
    public var table: [String: String] {
        Dictionary(rows.map { ($0.key, $0.value) }) { first, _ in first }
    }

    public static func == (left: LookupTableCSV, right: LookupTableCSV) -> Bool {
        left.rows.elementsEqual(right.rows) { $0.key == $1.key && $0.value == $1.value }
    }

    /// The line of the first byte that is not UTF-8, for the message.
    private static func firstInvalidLine(_ bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}

/// What is wrong with a lookup table file, line by line.
public struct LookupTableCSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line's problem.
    public struct LineProblem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The line number, from 1 (where the row starts, for a quoted value over several lines).
        public let line: Int
        /// What is wrong.
        public let message: String

        /// A problem on `line`.
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        /// `line 4: has 3 values; …`.
        public var description: String { "line \(line): \(message)" }
    }

    /// The problems listed, in line order.
    public let problems: [LineProblem]
    /// How many more were found and not listed.
    public let unlisted: Int

    /// The error for `problems`, with `unlisted` more.
    public init(problems: [LineProblem], unlisted: Int) {
        self.problems = problems
        self.unlisted = unlisted
    }

    public var description: String {
        problems.map(\.description).joined(separator: "; ") + (unlisted > 0 ? "; and \(unlisted) more" : "")
    }
}

/// RFC 4180 records with the line each starts on.
private struct CSVRecords {
    private let characters: [Character]
    private var index = 0
    private var line = 1

    init(_ text: String) {
        // CRLF is one Character in Swift; a lone CR is taken as a line end too.
        characters = Array(text)
    }

    mutating func next() -> Result<(Int, [String]), LookupTableCSVError.LineProblem>? {
        guard index < characters.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field = ""
        var quoted = false
        var quoteLine = line
        while index < characters.count {
            let character = characters[index]
            index += 1
            if quoted {
                if character == "\"" {
                    if index < characters.count, characters[index] == "\"" { field.append("\""); index += 1 } else { quoted = false }
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                quoted = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
            case let newline where newline.isNewline:
                line += 1
                fields.append(field)
                return .success((startLine, fields))
            default:
                field.append(character)
            }
        }
        if quoted {
            return .failure(.init(line: quoteLine, message: "a quoted value opened here is never closed"))
        }
        fields.append(field)
        return .success((startLine, fields))
    }
}
