/// Conversion between microseconds since 2001-01-01 00:00 UTC (Foundation's reference date) and
/// PostgreSQL's ISO text format for `timestamptz`, `timestamp` and `date`.
///
/// Connections set `TimeZone = UTC` and `DateStyle = ISO`, so the server writes
/// `2024-03-01 12:34:56.789012+00`, with ` BC` appended for years before 1 AD (PostgreSQL docs,
/// "Date/Time Output" §8.5.2). The parser still honours any offset it is given, so a value is
/// read correctly whatever the session time zone. Dates are counted in the proleptic Gregorian
/// calendar, as PostgreSQL does, with Howard Hinnant's `days_from_civil` arithmetic.
enum PostgresTimestamp {
    static let microsecondsPerDay: Int64 = 86_400_000_000
    /// Days from 1970-01-01 to 2001-01-01.
    private static let referenceDay: Int64 = 11_323

    struct ParseError: Error { let reason: String }

    /// Microseconds since the reference date for `text`, or nil for `infinity`/`-infinity`.
    static func parse(_ text: some Collection<UInt8>) throws -> Int64? {
        if let parsed = try text.withContiguousStorageIfAvailable({ try parse(buffer: $0) }) { return parsed }
        return try Array(text).withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    /// Microseconds since the reference date for the text of a result cell, read in place.
    static func parse(_ text: UnsafeRawBufferPointer) throws -> Int64? {
        try text.withMemoryRebound(to: UInt8.self) { try parse(buffer: $0) }
    }

    // Reads the bytes where they lie: a page of rows decodes two timestamps per row, and
    // copying each into arrays first cost more than the parsing.
    private static func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> Int64? {
        var scanner = Scanner(bytes: buffer)
        if buffer.elementsEqual("infinity".utf8) || buffer.elementsEqual("-infinity".utf8) { return nil }
        let year = try scanner.number(minDigits: 4, maxDigits: 7)
        try scanner.expect("-")
        let month = try scanner.number(minDigits: 2, maxDigits: 2)
        try scanner.expect("-")
        let day = try scanner.number(minDigits: 2, maxDigits: 2)
        var microsecondOfDay: Int64 = 0
        var offsetSeconds: Int64 = 0
        if scanner.peek == UInt8(ascii: " "), scanner.peek(at: 1).map(isDigit) == true {
            scanner.index += 1
            let hour = try scanner.number(minDigits: 2, maxDigits: 2)
            try scanner.expect(":")
            let minute = try scanner.number(minDigits: 2, maxDigits: 2)
            try scanner.expect(":")
            let second = try scanner.number(minDigits: 2, maxDigits: 2)
            var fraction: Int64 = 0
            if scanner.peek == UInt8(ascii: ".") {
                scanner.index += 1
                let start = scanner.index
                fraction = try scanner.number(minDigits: 1, maxDigits: 6)
                for _ in 0..<(6 - (scanner.index - start)) { fraction *= 10 }
            }
            guard hour <= 24, minute < 60, second < 61 else { throw ParseError(reason: "time of day out of range") }
            microsecondOfDay = ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction
            if let sign = scanner.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                scanner.index += 1
                var offset = try scanner.number(minDigits: 2, maxDigits: 2) * 3600
                if scanner.peek == UInt8(ascii: ":") {
                    scanner.index += 1
                    offset += try scanner.number(minDigits: 2, maxDigits: 2) * 60
                    if scanner.peek == UInt8(ascii: ":") {
                        scanner.index += 1
                        offset += try scanner.number(minDigits: 2, maxDigits: 2)
                    }
                }
                offsetSeconds = sign == UInt8(ascii: "-") ? -offset : offset
            }
        }
        var astronomicalYear = year
        if scanner.remainder.elementsEqual(" BC".utf8) {
            astronomicalYear = 1 - year
            scanner.index = scanner.bytes.count
        }
        guard scanner.index == scanner.bytes.count else { throw ParseError(reason: "unexpected text after the value") }
        guard (1...12).contains(month), (1...31).contains(day) else { throw ParseError(reason: "date out of range") }
        let days = daysFromCivil(year: astronomicalYear, month: month, day: day) - referenceDay
        return days * microsecondsPerDay + microsecondOfDay - offsetSeconds * 1_000_000
    }

    /// The ISO text of an instant given in microseconds since the reference date, in UTC.
    static func format(microseconds: Int64) -> String {
        let (dayOffset, microsecondOfDay) = floorDivision(microseconds, microsecondsPerDay)
        let (year, month, day) = civilFromDays(dayOffset + referenceDay)
        let secondOfDay = microsecondOfDay / 1_000_000
        let fraction = microsecondOfDay % 1_000_000
        var text = pad(year > 0 ? year : 1 - year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += " " + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fraction != 0 { text += "." + pad(fraction, 6) }
        text += "+00"
        if year <= 0 { text += " BC" }
        return text
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (year 0 is 1 BC).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12  // March = 0, so the leap day ends the year
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var peek: UInt8? { peek(at: 0) }
        func peek(at offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        var remainder: Slice<UnsafeBufferPointer<UInt8>> { bytes[index...] }

        mutating func expect(_ character: Unicode.Scalar) throws {
            guard peek == UInt8(ascii: character) else { throw ParseError(reason: "expected \"\(character)\" at offset \(index)") }
            index += 1
        }

        mutating func number(minDigits: Int, maxDigits: Int) throws -> Int64 {
            var value: Int64 = 0
            let start = index
            while index < bytes.count, index - start < maxDigits, isDigit(bytes[index]) {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard index - start >= minDigits else { throw ParseError(reason: "expected digits at offset \(start)") }
            return value
        }
    }
}
