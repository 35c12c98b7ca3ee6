@testable import Postgres
import Testing

/// The timestamp text codec, without a server: calendar arithmetic and the ISO format.
@Suite struct PostgresTimestampTests {
    /// Microseconds since 2001-01-01 of a UTC instant given since 1970.
    private func sinceReference(_ microsecondsSince1970: Int64) -> Int64 { microsecondsSince1970 - 978_307_200_000_000 }

    @Test(arguments: [
        ("1970-01-01 00:00:00+00", Int64(0)),
        ("2024-02-29 23:59:59.999999+00", Int64(1_709_251_199_999_999)),
        ("1969-12-31 23:59:59.999999+00", Int64(-1)),
        ("1969-07-20 20:17:40.123456+00", Int64(-14_182_939_876_544)),
        ("2024-03-01 12:34:56.5+05:30", Int64(1_709_276_696_500_000)),
        ("1900-01-01 00:00:00+00:19:32", Int64(-2_208_989_972_000_000)),
        ("0001-01-01 00:00:00+00 BC", Int64(-62_167_219_200_000_000)),
        ("2024-03-01", Int64(1_709_251_200_000_000)),
        ("10000-01-01 00:00:00+00", Int64(253_402_300_800_000_000)),
    ])
    func parsesServerText(text: String, microsecondsSince1970: Int64) throws {
        #expect(try PostgresTimestamp.parse(Array(text.utf8)) == sinceReference(microsecondsSince1970))
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01 00:00:00+00"),
        (Int64(-1), "1969-12-31 23:59:59.999999+00"),
        (Int64(1_709_251_199_000_001), "2024-02-29 23:59:59.000001+00"),
        (Int64(-62_167_219_200_000_000), "0001-01-01 00:00:00+00 BC"),
    ])
    func formatsInUTCWithMicroseconds(microsecondsSince1970: Int64, text: String) {
        #expect(PostgresTimestamp.format(microseconds: sinceReference(microsecondsSince1970)) == text)
    }

    @Test func infinityHasNoInstant() throws {
        #expect(try PostgresTimestamp.parse(Array("infinity".utf8)) == nil)
        #expect(try PostgresTimestamp.parse(Array("-infinity".utf8)) == nil)
    }

    @Test(arguments: ["", "2024-1-01", "2024-01-01T00:00:00Z", "2024-13-01", "2024-01-01 00:00:00+00 AD", "yesterday"])
    func refusesTextThatIsNotServerOutput(text: String) {
        #expect(throws: PostgresTimestamp.ParseError.self) { try PostgresTimestamp.parse(Array(text.utf8)) }
    }

    @Test func civilDatesRoundTripOverFourHundredYearCycles() {
        for day in stride(from: Int64(-1_000_000), through: 1_000_000, by: 997) {
            let (year, month, day2) = PostgresTimestamp.civilFromDays(day)
            #expect(PostgresTimestamp.daysFromCivil(year: year, month: month, day: day2) == day)
        }
    }
}
