import Billing
import Foundation
import Monitoring

// The SLA pages' two charts as geometry: the templates draw inline SVG from these numbers
// (SVG 1.1 §9 basic shapes), so the pages need no JavaScript and no image endpoint. Colours are
// not here: the SVG's classes take the partner's brand from /brand.css (`fill: var(--primary)`),
// because the CSP forbids inline style. Every bar and point carries a <title> (SVG 1.1 §5.4),
// which screen readers announce and browsers show on hover; the tables beside the charts hold
// the same figures for those who do not see them.

/// The frame both charts share, in SVG user units (the `viewBox`; CSS scales it to the page).
enum SLAChartFrame {
    static let width = 720.0
    static let height = 240.0
    static let left = 56.0
    static let right = 16.0
    static let top = 16.0
    static let bottom = 36.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }
    static var baseline: Double { top + plotHeight }

    /// The `viewBox` attribute.
    static let viewBox = "0 0 \(Int(width)) \(Int(height))"

    /// A coordinate as SVG reads it, one decimal place.
    static func unit(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// A label on an axis, placed.
struct SLAAxisLabel: Sendable, Equatable {
    let x: String
    let y: String
    let text: String
}

/// One day's stacked bar: delivered below, failed for good (exception or dead) above.
struct SLADayBarView: Sendable, Equatable {
    let x: String
    let width: String
    let deliveredY: String
    let deliveredHeight: String
    /// Nil when nothing failed that day.
    let failedY: String?
    let failedHeight: String?
    /// `3 Mar 2026: 190 delivered, 5 failed`.
    let title: String
}

/// Delivered messages per day of a month as bars, failures stacked on them in another colour.
struct SLADailyChartView: Sendable, Equatable {
    let viewBox: String
    let bars: [SLADayBarView]
    let xLabels: [SLAAxisLabel]
    let yLabels: [SLAAxisLabel]
    /// The horizontal grid lines' heights (one per y label).
    let gridY: [String]
    let plotLeft: String
    let plotRight: String
    let baseline: String
    /// Describes the chart for assistive technology (`aria-label`).
    let summary: String

    init(month: BillingMonth, days: [(start: Date, counts: MessageCounts)]) {
        typealias Frame = SLAChartFrame
        let dayCount = Self.days(in: month)
        let slot = Frame.plotWidth / Double(dayCount)
        let tallest = days.map { $0.counts.delivered + $0.counts.exception + $0.counts.dead }.max() ?? 0
        let scale = Self.niceCeiling(tallest)
        func height(_ value: Int) -> Double { Double(value) / Double(scale) * Frame.plotHeight }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        bars = days.map { day in
            let index = calendar.component(.day, from: day.start) - 1
            let failed = day.counts.exception + day.counts.dead
            let deliveredHeight = height(day.counts.delivered)
            let failedHeight = height(failed)
            return SLADayBarView(
                x: Frame.unit(Frame.left + Double(index) * slot + slot * 0.15), width: Frame.unit(slot * 0.7),
                deliveredY: Frame.unit(Frame.baseline - deliveredHeight), deliveredHeight: Frame.unit(deliveredHeight),
                failedY: failed > 0 ? Frame.unit(Frame.baseline - deliveredHeight - failedHeight) : nil,
                failedHeight: failed > 0 ? Frame.unit(failedHeight) : nil,
                title: "\(PortalFormat.day(day.start)): \(SLAFormat.count(day.counts.delivered)) delivered, "
                    + "\(SLAFormat.count(failed)) failed")
        }
        xLabels = ([1] + stride(from: 5, through: dayCount, by: 5)).map { day in
            SLAAxisLabel(x: Frame.unit(Frame.left + (Double(day) - 0.5) * slot), y: Frame.unit(Frame.height - 12), text: String(day))
        }
        let ticks = scale >= 2 ? [0, scale / 2, scale] : [0, scale]
        yLabels = ticks.map { SLAAxisLabel(x: Frame.unit(Frame.left - 8), y: Frame.unit(Frame.baseline - height($0) + 4),
                                           text: SLAFormat.count($0)) }
        gridY = ticks.map { Frame.unit(Frame.baseline - height($0)) }
        viewBox = Frame.viewBox
        plotLeft = Frame.unit(Frame.left)
        plotRight = Frame.unit(Frame.width - Frame.right)
        baseline = Frame.unit(Frame.baseline)
        summary = "Messages per day in \(SLAFormat.monthTitle(month)): delivered, with failures stacked above"
    }

    /// The month's length in days.
    static func days(in month: BillingMonth) -> Int {
        Int((month.next.firstDay.timeIntervalSince(month.firstDay) / 86_400).rounded())
    }

    /// The smallest of 1, 2 or 5 times a power of ten that is at least `value` (at least 1): a
    /// scale whose halves are round numbers.
    static func niceCeiling(_ value: Int) -> Int {
        var power = 1
        while true {
            for step in [1, 2, 5] where step * power >= value { return step * power }
            power *= 10
        }
    }
}

/// One month's point on the twelve-month chart.
struct SLAMonthPointView: Sendable, Equatable {
    let x: String
    let y: String
    /// `Mar 26: success rate 97.619% (target 99%)`.
    let title: String
}

/// One line of the twelve-month chart: a measure's points and the polyline through them.
struct SLAMonthSeriesView: Sendable, Equatable {
    /// The CSS class suffix (`success`, `availability`).
    let key: String
    let label: String
    /// The `points` attribute of the measured line.
    let points: String
    let markers: [SLAMonthPointView]
    /// The `points` attribute of the target line (a step per month, as a tier may change).
    let targetPoints: String
}

/// Success rate and availability per month against their targets.
struct SLAMonthsChartView: Sendable, Equatable {
    let viewBox: String
    let series: [SLAMonthSeriesView]
    let xLabels: [SLAAxisLabel]
    let yLabels: [SLAAxisLabel]
    let gridY: [String]
    let plotLeft: String
    let plotRight: String
    let summary: String

    init(months: [SLAMonthFigures]) {
        typealias Frame = SLAChartFrame
        let slot = Frame.plotWidth / Double(max(months.count, 1))
        // The scale starts a point below the lowest figure or target, so a dip from 99.9 to
        // 99.1 is visible instead of flattened against a 0–100 axis.
        let values = months.flatMap { month in
            [month.counts.successRate, month.availability.percent, month.targets.successRate, month.targets.availability]
                .compactMap { $0 }
        }
        let lowest = values.min().map { NSDecimalNumber(decimal: $0).doubleValue } ?? 99
        let floor = max(0, min(99, (lowest - 1).rounded(.down)))
        func y(_ percent: Decimal) -> Double {
            Frame.baseline - (NSDecimalNumber(decimal: percent).doubleValue - floor) / (100 - floor) * Frame.plotHeight
        }
        func x(_ index: Int) -> Double { Frame.left + (Double(index) + 0.5) * slot }
        func line(_ measured: (SLAMonthFigures) -> Decimal?, _ target: (SLAMonthFigures) -> Decimal, key: String,
                  label: String) -> SLAMonthSeriesView {
            var points: [String] = []
            var markers: [SLAMonthPointView] = []
            for (index, month) in months.enumerated() {
                guard let value = measured(month) else { continue }
                let point = (Frame.unit(x(index)), Frame.unit(y(value)))
                points.append("\(point.0),\(point.1)")
                markers.append(SLAMonthPointView(x: point.0, y: point.1, title: "\(SLAFormat.monthTitle(month.month)): "
                    + "\(label.lowercased()) \(SLAFormat.percent(value)) (target \(SLAFormat.percent(target(month))))"))
            }
            let targets = months.enumerated().flatMap { index, month in
                let height = Frame.unit(y(target(month)))
                return ["\(Frame.unit(x(index) - slot / 2)),\(height)", "\(Frame.unit(x(index) + slot / 2)),\(height)"]
            }
            return SLAMonthSeriesView(key: key, label: label, points: points.joined(separator: " "), markers: markers,
                                      targetPoints: targets.joined(separator: " "))
        }
        series = [
            line({ $0.counts.successRate }, { $0.targets.successRate }, key: "success", label: "Success rate"),
            line({ $0.availability.percent }, { $0.targets.availability }, key: "availability", label: "Availability"),
        ]
        xLabels = months.enumerated().map { index, month in
            SLAAxisLabel(x: Frame.unit(x(index)), y: Frame.unit(Frame.height - 12), text: SLAFormat.shortMonth(month.month))
        }
        let ticks = [floor, (floor + 100) / 2, 100]
        yLabels = ticks.map { tick in
            SLAAxisLabel(x: Frame.unit(Frame.left - 8), y: Frame.unit(y(Decimal(tick)) + 4),
                         text: tick.rounded() == tick ? "\(Int(tick))%" : String(format: "%.1f%%", tick))
        }
        gridY = ticks.map { Frame.unit(y(Decimal($0))) }
        viewBox = Frame.viewBox
        plotLeft = Frame.unit(Frame.left)
        plotRight = Frame.unit(Frame.width - Frame.right)
        summary = "Success rate and availability per month against their targets"
    }
}
