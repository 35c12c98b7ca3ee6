import Foundation
public import Tenancy

/// When the partner answers support requests for a tier.
public enum SupportWindow: Sendable, Hashable, Codable {
    /// Around the clock, every day (`24x7`).
    case allDay
    /// Whole hours [startHour, endHour) in an IANA time zone, e.g. 9–17 Europe/Amsterdam.
    case businessHours(timeZone: String, startHour: Int, endHour: Int)

    /// The stored kind: `24x7` or `business` (Migrations/0002, `tier_terms.support_window`).
    public var kind: String {
        switch self {
        case .allDay: "24x7"
        case .businessHours: "business"
        }
    }

    /// Problems with the hours and time zone; the zone must be one the system knows
    /// (`TimeZone(identifier:)`, i.e. the IANA tz database), so a customer's SLA page can show
    /// the hours in their own time.
    public var problems: [FieldProblem] {
        guard case .businessHours(let zone, let start, let end) = self else { return [] }
        var found: [FieldProblem] = []
        if zone.isEmpty || zone.count > 64 || TimeZone(identifier: zone) == nil {
            found.append(FieldProblem(field: "support_time_zone", message: "must be an IANA time zone such as Europe/Amsterdam"))
        }
        if !(0...23).contains(start) {
            found.append(FieldProblem(field: "support_start_hour", message: "must be an hour from 0 to 23"))
        }
        if !(1...24).contains(end) || end <= start {
            found.append(FieldProblem(field: "support_end_hour", message: "must be an hour from 1 to 24 after the start hour"))
        }
        return found
    }
}
