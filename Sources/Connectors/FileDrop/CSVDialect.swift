/// How one system writes its CSV files: the separator between fields, the text encoding, the
/// decimal separator in numbers and the line ending. RFC 4180 fixes only the quoting (§2 rules
/// 5–7) and CRLF; every legacy export varies the rest, so the connection says.
public struct CSVDialect: Sendable, Hashable {
    /// The character between fields.
    public enum Delimiter: String, Sendable, Hashable, CaseIterable {
        /// `;` — what Excel writes where the decimal separator is a comma (most of Europe).
        case semicolon
        /// `,` — RFC 4180's.
        case comma
        /// A tab.
        case tab
        /// `|`.
        case pipe

        /// The character.
        var scalar: Unicode.Scalar {
            switch self {
            case .semicolon: ";"
            case .comma: ","
            case .tab: "\t"
            case .pipe: "|"
            }
        }
    }

    /// The text encoding of the bytes.
    public enum Encoding: String, Sendable, Hashable, CaseIterable {
        /// UTF-8; a leading byte order mark (EF BB BF, which Excel writes) is skipped on reading
        /// and never written.
        case utf8 = "utf-8"
        /// Windows-1252 (Western European "ANSI").
        case windows1252 = "windows-1252"
    }

    /// The character between a number's whole part and its fraction.
    public enum DecimalSeparator: String, Sendable, Hashable, CaseIterable {
        /// `12,50`.
        case comma
        /// `12.50`.
        case point

        /// The character.
        var character: Character { self == .comma ? "," : "." }
        /// The thousands separator that goes with it (`1.234,50`, `1,234.50`).
        var grouping: Character { self == .comma ? "." : "," }
    }

    /// The line ending written; reading accepts CRLF, LF and a lone CR alike.
    public enum LineEnding: String, Sendable, Hashable, CaseIterable {
        /// CR LF, RFC 4180 §2 rule 1 and Windows'.
        case crlf
        /// LF alone, Unix's.
        case lf

        /// The characters.
        var text: String { self == .crlf ? "\r\n" : "\n" }
    }

    /// The field separator.
    public var delimiter: Delimiter
    /// The text encoding.
    public var encoding: Encoding
    /// The decimal separator.
    public var decimalSeparator: DecimalSeparator
    /// The line ending written.
    public var lineEnding: LineEnding

    /// A dialect; the defaults are Excel's in Germany: `;`, UTF-8, decimal comma, CRLF.
    public init(delimiter: Delimiter = .semicolon, encoding: Encoding = .utf8, decimalSeparator: DecimalSeparator = .comma,
                lineEnding: LineEnding = .crlf) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.decimalSeparator = decimalSeparator
        self.lineEnding = lineEnding
    }
}
