/// camelCase → snake_case member names by the rules of Foundation's
/// `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`, so the streaming encoder's output
/// keeps the names clients already see: a word ends before an upper-case letter that follows a
/// lower-case one (`createdAt` → `created_at`), and a run of capitals is a word of its own up
/// to the capital that starts the next word (`myURLProperty` → `my_url_property`,
/// `partnerID` → `partner_id`). The first character never starts a word (`URL` → `u_rl`, as
/// Foundation writes it; every word is lower-cased), and names without capitals
/// (`already_snake`) stay as they are.
///
/// ASCII names — every `CodingKeys` name in this code base — are converted over their UTF-8
/// bytes without allocating; others go through `Unicode.Scalar` properties (upper case means
/// general category Lu or Lt, lower case Ll, as `CharacterSet.uppercaseLetters` and
/// `.lowercaseLetters` define them).
enum SnakeCaseName {
    /// The snake_case form of `name`.
    static func convert(_ name: String) -> String {
        var name = name
        return name.withUTF8 { utf8 in
            if utf8.allSatisfy({ $0 < 0x80 }) {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(utf8.count + 4)
                writeASCII(utf8, to: &bytes)
                return String(decoding: bytes, as: UTF8.self)
            }
            return convertUnicode(String(decoding: utf8, as: UTF8.self))
        }
    }

    /// Appends the snake_case form of the ASCII bytes `utf8` to `bytes`: `forEachWord`'s
    /// algorithm again, as plain loops, because this runs for every member of every response.
    ///
    /// Converting every time was measured against caching the converted bytes (a dictionary
    /// per encoder, or one per process behind a `Mutex`): about 80 ns per member name all
    /// three, as hashing the name costs what converting it does. Converting keeps no shared
    /// state for 64 handler threads to contend on and no cache to bound.
    static func writeASCII(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let count = utf8.count
        guard count > 0 else { return }
        var wordStart = 0
        var index = 1
        while true {
            while index < count, !isUpper(utf8[index]) { index += 1 }
            guard index < count else { break }
            let upper = index
            appendWord(utf8[wordStart..<upper], to: &bytes)
            var lower = upper
            while lower < count, !isLower(utf8[lower]) { lower += 1 }
            guard lower < count else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                appendWord(utf8[upper..<(lower - 1)], to: &bytes)
                wordStart = lower - 1
            }
            index = lower + 1
        }
        appendWord(utf8[wordStart..<count], to: &bytes)
    }

    /// A word lower-cased, after a `_` unless it is the first.
    @inline(__always)
    private static func appendWord(_ word: Slice<UnsafeBufferPointer<UInt8>>, to bytes: inout [UInt8]) {
        if word.startIndex > 0 { bytes.append(UInt8(ascii: "_")) }
        for byte in word { bytes.append(isUpper(byte) ? byte | 0x20 : byte) }
    }

    private static func convertUnicode(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        var words: [String] = []
        forEachWord(count: scalars.count, isUpper: { isUpper(scalars[$0]) }, isLower: { isLower(scalars[$0]) }) { word in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[word])
            words.append(String(text).lowercased())
        }
        return words.joined(separator: "_")
    }

    /// Calls `body` with the index range of each word, in order. Foundation's algorithm: find
    /// the next capital; the text before it is a word. Then find the next lower-case letter:
    /// directly after the capital, the capital starts the next word; further on, the capitals
    /// up to the one before that letter are a word of their own (an acronym).
    @inline(__always)
    private static func forEachWord(count: Int, isUpper: (Int) -> Bool, isLower: (Int) -> Bool,
                                    _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        var wordStart = 0
        var searchStart = 1
        while let upper = (searchStart..<count).first(where: isUpper) {
            body(wordStart..<upper)
            guard let lower = (upper..<count).first(where: isLower) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                body(upper..<(lower - 1))
                wordStart = lower - 1
            }
            searchStart = lower + 1
        }
        body(wordStart..<count)
    }

    @inline(__always)
    static func isUpper(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }
    @inline(__always)
    private static func isLower(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "a") < 26 }

    private static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
        [.uppercaseLetter, .titlecaseLetter].contains(scalar.properties.generalCategory)
    }

    private static func isLower(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .lowercaseLetter
    }
}
