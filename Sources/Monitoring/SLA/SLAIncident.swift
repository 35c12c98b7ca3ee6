public import Foundation

/// A run of consecutive hours that each missed a target: the windows a monthly review asks
/// about ("what happened on the 14th?"), with what was measured and why.
public struct SLAIncident: Sendable, Hashable {
    /// The first hour's start.
    public var start: Date
    /// The last hour's end.
    public var end: Date
    /// Every target some hour of it missed.
    public var missed: [SLATarget]
    /// The counts over the whole incident.
    public var counts: MessageCounts
    /// The minutes over the whole incident.
    public var availability: Availability
    /// What the messages and the platform say went wrong, most frequent first.
    public var causes: [SLACause]

    /// An incident as measured; causes are added from the messages afterwards.
    public init(start: Date, end: Date, missed: [SLATarget], counts: MessageCounts, availability: Availability,
                causes: [SLACause] = []) {
        self.start = start
        self.end = end
        self.missed = missed
        self.counts = counts
        self.availability = availability
        self.causes = causes
    }

    /// The hours of a period judged one by one, consecutive missing hours joined into one
    /// incident. `hours` and `availability` are keyed by the hour's start; an hour with neither
    /// is quiet and cannot miss.
    public static func find(hours: [Date: MessageCounts], availability: [Date: Availability],
                            targets: SLATargets) -> [SLAIncident] {
        var incidents: [SLAIncident] = []
        let noMinutes = Availability(minutes: 0, platformDownMinutes: 0, refusedMinutes: 0)
        for hour in Set(hours.keys).union(availability.keys).sorted() {
            let counts = hours[hour] ?? .zero
            let minutes = availability[hour] ?? noMinutes
            let judgement = SLAJudgement(counts: counts, availability: minutes, targets: targets)
            guard !judgement.met else { continue }
            let end = hour.addingTimeInterval(RollupGrain.hour.seconds)
            if var last = incidents.last, last.end == hour {
                last.end = end
                last.missed = Array(Set(last.missed).union(judgement.missed)).sorted()
                last.counts.add(counts)
                last.availability.add(minutes)
                incidents[incidents.count - 1] = last
            } else {
                incidents.append(SLAIncident(start: hour, end: end, missed: judgement.missed, counts: counts, availability: minutes))
            }
        }
        return incidents
    }
}

/// One reason behind an incident and how often it was given.
public struct SLACause: Sendable, Hashable {
    /// The reason, as the message's error or the platform's record says it.
    public var text: String
    /// How many messages (or refused minutes) gave it.
    public var count: Int

    /// A reason and its count.
    public init(text: String, count: Int) {
        self.text = text
        self.count = count
    }
}
