import Flows
import Foundation
import Testing

/// Date layouts of legacy files, read strictly in a named time zone.
@Suite struct DatePatternTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let utc = TimeZone(identifier: "UTC")!

    @Test func readsDatesInTheGivenTimeZone() throws {
        let pattern = try DatePattern("dd.MM.yyyy HH:mm")
        let winter = try #require(pattern.date(from: "22.11.2026 09:44", in: Self.berlin))
        #expect(winter == Date(timeIntervalSince1970: 1_795_337_040), "CET: UTC+1")
        let summer = try #require(pattern.date(from: "01.07.2026 09:44", in: Self.berlin))
        #expect(summer == Date(timeIntervalSince1970: 1_782_891_840), "CEST: UTC+2")
        let american = try DatePattern("M/d/yy")
        #expect(american.date(from: "7/4/26", in: Self.utc) == Date(timeIntervalSince1970: 1_783_123_200))
        let quoted = try DatePattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
        #expect(quoted.date(from: "2026-11-22T08:44:33.250", in: Self.utc) == Date(timeIntervalSince1970: 1_795_337_073.25))
    }

    @Test func refusesDaysThatDoNotExistAndTextThatDoesNotFit() throws {
        let pattern = try DatePattern("dd.MM.yyyy")
        #expect(pattern.date(from: "31.04.2026", in: Self.utc) == nil)
        #expect(pattern.date(from: "29.02.2026", in: Self.utc) == nil)
        #expect(pattern.date(from: "29.02.2028", in: Self.utc) != nil)
        #expect(pattern.date(from: "22.11.2026 ", in: Self.utc) == nil, "the whole text must match")
        #expect(pattern.date(from: "2.11.2026", in: Self.utc) == nil, "dd wants two digits")
        #expect(try DatePattern("d.M.yyyy").date(from: "2.11.2026", in: Self.utc) != nil)
        #expect(try DatePattern("dd.MM.yyyy HH").date(from: "22.11.2026 24", in: Self.utc) == nil)
    }

    @Test func refusesPatternsWithLettersItDoesNotKnowNamingThePosition() {
        #expect(throws: DatePatternError(position: 4, reason: "'QQ' is not one of yyyy, yy, MM, M, dd, d, HH, H, mm, ss, SSS; "
                                         + "put literal letters in single quotes")) { try DatePattern("dd.QQ.yyyy") }
        #expect(throws: DatePatternError.self) { try DatePattern("HH:mm") }
        #expect(throws: DatePatternError.self) { try DatePattern("yyyy-MM-dd'T") }
        #expect(throws: DatePatternError.self) { try DatePattern("") }
    }
}
