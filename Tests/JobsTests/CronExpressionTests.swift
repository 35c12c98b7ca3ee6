import Foundation
import Jobs
import Testing

@Suite struct CronExpressionTests {
    private func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    private func fires(_ cron: String, zone: String, after start: String, count: Int) throws -> [String] {
        let expression = try CronExpression(cron)
        let timeZone = try #require(TimeZone(identifier: zone))
        var times: [String] = []
        var date = instant(start)
        let formatter = ISO8601DateFormatter()
        for _ in 0..<count {
            date = try #require(expression.nextFire(after: date, in: timeZone))
            times.append(formatter.string(from: date))
        }
        return times
    }

    @Test func readsListsRangesStepsAndNames() throws {
        #expect(try fires("0,30 9-10 * * MON-fri", zone: "UTC", after: "2025-06-13T09:40:00Z", count: 4)
                == ["2025-06-13T10:00:00Z", "2025-06-13T10:30:00Z", "2025-06-16T09:00:00Z", "2025-06-16T09:30:00Z"])
        #expect(try fires("*/20 0 1 jan,Jul *", zone: "UTC", after: "2025-06-30T00:00:00Z", count: 3)
                == ["2025-07-01T00:00:00Z", "2025-07-01T00:20:00Z", "2025-07-01T00:40:00Z"])
        #expect(try fires("15/20 3 * * *", zone: "UTC", after: "2025-01-01T00:00:00Z", count: 3)
                == ["2025-01-01T03:15:00Z", "2025-01-01T03:35:00Z", "2025-01-01T03:55:00Z"])
    }

    @Test func sundayIsZeroOrSevenAndMacrosExpand() throws {
        #expect(try fires("0 12 * * 7", zone: "UTC", after: "2025-06-11T00:00:00Z", count: 1) == ["2025-06-15T12:00:00Z"])
        #expect(try fires("@weekly", zone: "UTC", after: "2025-06-11T00:00:00Z", count: 1) == ["2025-06-15T00:00:00Z"])
        #expect(try fires("@hourly", zone: "UTC", after: "2025-06-11T00:00:00Z", count: 1) == ["2025-06-11T01:00:00Z"])
    }

    @Test func restrictedDayOfMonthAndDayOfWeekMatchEither() throws {
        // crontab(5): the 13th, or any Friday.
        #expect(try fires("0 0 13 * 5", zone: "UTC", after: "2025-06-01T00:00:00Z", count: 3)
                == ["2025-06-06T00:00:00Z", "2025-06-13T00:00:00Z", "2025-06-20T00:00:00Z"])
    }

    @Test func leapDayOnlyComesInLeapYears() throws {
        #expect(try fires("0 0 29 2 *", zone: "UTC", after: "2025-01-01T00:00:00Z", count: 1) == ["2028-02-29T00:00:00Z"])
        #expect(try CronExpression("0 0 30 2 *").nextFire(after: instant("2025-01-01T00:00:00Z"), in: .gmt) == nil)
    }

    @Test(arguments: [
        ("* * * *", "4 fields"), ("60 * * * *", "minute"), ("* 24 * * *", "hour"), ("* * 0 * *", "day of month"),
        ("* * * 13 *", "month"), ("* * * * 8", "day of week"), ("5-1 * * * *", "backwards"), ("*/0 * * * *", "step"),
        ("* * * FOO *", "FOO"), ("1,,2 * * * *", "minute"),
    ])
    func rejectsMalformedExpressionsNamingTheField(text: String, mention: String) {
        #expect {
            try CronExpression(text)
        } throws: { error in
            "\(error)".contains(mention)
        }
    }

    // Europe/Amsterdam: 2025-03-30 02:00 CET → 03:00 CEST (01:00Z); 2025-10-26 03:00 CEST → 02:00 CET (01:00Z).
    @Test func amsterdamFixedTimeInTheSkippedHourRunsAtTheJumpAndOnceInTheRepeatedHour() throws {
        #expect(try fires("30 2 * * *", zone: "Europe/Amsterdam", after: "2025-03-28T12:00:00Z", count: 3)
                == ["2025-03-29T01:30:00Z", "2025-03-30T01:00:00Z", "2025-03-31T00:30:00Z"])
        #expect(try fires("30 2 * * *", zone: "Europe/Amsterdam", after: "2025-10-24T12:00:00Z", count: 3)
                == ["2025-10-25T00:30:00Z", "2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z"])
    }

    @Test func amsterdamEveryHalfHourFollowsRealTimeAcrossBothChanges() throws {
        #expect(try fires("*/30 * * * *", zone: "Europe/Amsterdam", after: "2025-03-30T00:00:00Z", count: 3)
                == ["2025-03-30T00:30:00Z", "2025-03-30T01:00:00Z", "2025-03-30T01:30:00Z"])
        // 02:00 and 02:30 happen twice on 26 October: four runs in the repeated hour's two passes.
        #expect(try fires("*/30 * * * *", zone: "Europe/Amsterdam", after: "2025-10-25T23:45:00Z", count: 5)
                == ["2025-10-26T00:00:00Z", "2025-10-26T00:30:00Z", "2025-10-26T01:00:00Z", "2025-10-26T01:30:00Z",
                    "2025-10-26T02:00:00Z"])
    }

    // America/New_York: 2025-03-09 02:00 EST → 03:00 EDT (07:00Z); 2025-11-02 02:00 EDT → 01:00 EST (06:00Z).
    @Test func newYorkFixedTimesAcrossBothChanges() throws {
        #expect(try fires("15 2 * * *", zone: "America/New_York", after: "2025-03-08T12:00:00Z", count: 2)
                == ["2025-03-09T07:00:00Z", "2025-03-10T06:15:00Z"])
        #expect(try fires("30 1 * * *", zone: "America/New_York", after: "2025-11-01T12:00:00Z", count: 2)
                == ["2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"])
        #expect(try fires("0 9 * * *", zone: "America/New_York", after: "2025-03-08T00:00:00Z", count: 2)
                == ["2025-03-08T14:00:00Z", "2025-03-09T13:00:00Z"])
    }

    @Test func newYorkHourlyJobSkipsTheMissingHourAndRunsTwiceInTheRepeatedOne() throws {
        #expect(try fires("0 * * * *", zone: "America/New_York", after: "2025-03-09T06:30:00Z", count: 2)
                == ["2025-03-09T07:00:00Z", "2025-03-09T08:00:00Z"])
        #expect(try fires("0 * * * *", zone: "America/New_York", after: "2025-11-02T04:30:00Z", count: 3)
                == ["2025-11-02T05:00:00Z", "2025-11-02T06:00:00Z", "2025-11-02T07:00:00Z"])
    }
}
