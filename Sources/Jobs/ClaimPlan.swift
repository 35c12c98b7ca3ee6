/// Chooses which locked candidates a claim takes: round-robin over fairness keys, within each
/// key's own order, without passing any limit key's allowance. Pure, so the fairness rule is
/// tested without a database (STYLE.md habit 3).
///
/// The candidates arrive grouped by fairness key, keys least recently served first (a key never
/// served before all others), each key's jobs most urgent first. The plan takes the first job of
/// every key, then the second of every key, and so on, until `limit` jobs are chosen. So no key
/// gets a second job in a claim before every key with due work got one, and a key with due work
/// waits for at most ⌈K / limit⌉ claims, K being the number of keys with due work (ignoring keys
/// held back by their limits): the fairness bound `JobsFairnessTests` checks.
struct ClaimPlan {
    /// A locked candidate row.
    struct Candidate: Equatable {
        var lease: JobLease
        var fairnessKey: String
        var limitKey: String?
    }

    /// The chosen candidates in the order they were chosen.
    private(set) var chosen: [Candidate] = []
    /// How many were chosen per limit key.
    private(set) var startedPerLimitKey: [String: Int] = [:]
    /// The fairness keys that got at least one job, in serving order.
    private(set) var servedKeys: [String] = []

    /// - Parameters:
    ///   - candidates: grouped by key in serving order, each key's jobs in its own order.
    ///   - allowances: jobs that may start per limit key; a key not listed is unlimited.
    ///   - limit: the most jobs to choose.
    init(candidates: [Candidate], allowances: [String: Int], limit: Int) {
        var queues: [[Candidate]] = []
        var keyOrder: [String: Int] = [:]
        for candidate in candidates {
            if let index = keyOrder[candidate.fairnessKey] {
                queues[index].append(candidate)
            } else {
                keyOrder[candidate.fairnessKey] = queues.count
                queues.append([candidate])
            }
        }
        var remaining = allowances
        var cursors = Array(repeating: 0, count: queues.count)
        var served = Array(repeating: false, count: queues.count)
        var progressed = true
        while chosen.count < limit, progressed {
            progressed = false
            for index in queues.indices where chosen.count < limit {
                // This key's next job its limit key still allows; jobs held back are passed over.
                while cursors[index] < queues[index].count {
                    let candidate = queues[index][cursors[index]]
                    cursors[index] += 1
                    if let limitKey = candidate.limitKey, let left = remaining[limitKey] {
                        guard left > 0 else { continue }
                        remaining[limitKey] = left - 1
                    }
                    chosen.append(candidate)
                    if let limitKey = candidate.limitKey { startedPerLimitKey[limitKey, default: 0] += 1 }
                    if !served[index] {
                        served[index] = true
                        servedKeys.append(candidate.fairnessKey)
                    }
                    progressed = true
                    break
                }
            }
        }
    }
}
