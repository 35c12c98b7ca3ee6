public import Foundation
public import Postgres

extension JobQueue {
    // The candidates, locked: the fairness keys with due work of the wanted kinds found by a
    // skip scan of jobs_claimable (one index probe per key, however long each key's backlog:
    // PostgreSQL has no skip scan of its own before 18), the least recently served `$3` keys,
    // and for each its share of `$3` of its most urgent due jobs, locked with FOR UPDATE SKIP LOCKED so
    // concurrent claimers pass each other's rows instead of waiting (river's claim, docs
    // "SELECT … The Locking Clause").
    static let candidatesSQL = """
        WITH RECURSIVE due_keys(fairness_key) AS (
            (SELECT fairness_key FROM jobs
             WHERE state IN ('available', 'retrying') AND run_at <= $1 AND kind = ANY($2::text[])
             ORDER BY fairness_key LIMIT 1)
            UNION ALL
            SELECT (SELECT j.fairness_key FROM jobs j
                    WHERE j.state IN ('available', 'retrying') AND j.run_at <= $1 AND j.kind = ANY($2::text[])
                      AND j.fairness_key > d.fairness_key
                    ORDER BY j.fairness_key LIMIT 1)
            FROM due_keys d WHERE d.fairness_key IS NOT NULL
        ), chosen_keys AS (
            SELECT d.fairness_key, f.served_turn
            FROM due_keys d LEFT JOIN job_fairness f ON f.fairness_key = d.fairness_key
            WHERE d.fairness_key IS NOT NULL
            ORDER BY f.served_turn NULLS FIRST, d.fairness_key
            LIMIT $3
        )
        SELECT j.partner_id, j.id, j.attempt, c.fairness_key, j.limit_key, c.served_turn IS NULL
        FROM chosen_keys c
        CROSS JOIN LATERAL (
            SELECT partner_id, id, attempt, limit_key, priority, run_at FROM jobs
            WHERE fairness_key = c.fairness_key AND state IN ('available', 'retrying') AND run_at <= $1
              AND kind = ANY($2::text[])
            ORDER BY priority DESC, run_at, id
            -- An even share of the claim per key (⌈N / keys⌉), so no more rows are locked than
            -- the plan can take; a key short of its share leaves the rest to the next claim.
            LIMIT (SELECT ceil($3::float8 / count(*))::int FROM chosen_keys)
            FOR UPDATE SKIP LOCKED
        ) j
        ORDER BY c.served_turn NULLS FIRST, c.fairness_key, j.priority DESC, j.run_at, j.id
        """

    // The limit keys' buckets, locked in key order (no deadlock between claimers). The lock
    // serialises claims of one limit key across every process, so the running count read next
    // — in its own statement, with a snapshot taken after the lock was granted — is exact.
    static let lockBucketsSQL = """
        SELECT b.limit_key, l.max_running, l.rate_per_second, coalesce(l.burst, 1), b.tokens, b.refilled_at, b.not_before
        FROM job_rate_limits b LEFT JOIN job_limits l ON l.limit_key = b.limit_key
        WHERE b.limit_key = ANY($1::text[])
        ORDER BY b.limit_key
        FOR UPDATE OF b
        """

    static let runningPerLimitKeySQL = """
        SELECT limit_key, count(*) FROM jobs WHERE state = 'running' AND limit_key = ANY($1::text[]) GROUP BY limit_key
        """

    static let saveBucketsSQL = """
        UPDATE job_rate_limits b SET tokens = s.tokens, refilled_at = s.refilled_at
        FROM unnest($1::text[], $2::float8[], $3::timestamptz[]) AS s(limit_key, tokens, refilled_at)
        WHERE b.limit_key = s.limit_key
        """

    static let startSQL = """
        UPDATE jobs SET state = 'running', attempt = jobs.attempt + 1, lease_owner = $4, lease_expires_at = $5, attempted_at = $6
        FROM unnest($1::uuid[], $2::int8[], $3::int4[]) WITH ORDINALITY AS c(partner_id, id, attempt, position)
        WHERE jobs.partner_id = c.partner_id AND jobs.id = c.id AND jobs.attempt = c.attempt
          AND jobs.state IN ('available', 'retrying')
        RETURNING c.position, \(Job.columnsQualified)
        """

    // Sorted keys, so two claimers lock job_fairness rows in the same order.
    static let markServedSQL = """
        INSERT INTO job_fairness (fairness_key, served_turn)
        SELECT fairness_key, nextval('job_fairness_turns') FROM unnest($1::text[]) AS s(fairness_key) ORDER BY fairness_key
        ON CONFLICT (fairness_key) DO UPDATE SET served_turn = excluded.served_turn
        """

    /// Claims up to `limit` due jobs of `kinds` for `owner`, leased until `leaseUntil`, in the
    /// caller's transaction (platform scope). Fair across fairness keys (`ClaimPlan`) and within
    /// every limit key's concurrency and rate (`TokenBucket`), enforced here in SQL under row
    /// locks, so the limits hold across all worker processes. Jobs come back in serving order.
    public static func claim(kinds: [String], limit: Int, owner: String, leaseUntil: Date, now: Date,
                             on connection: PostgresConnection) throws -> [Job] {
        guard limit > 0, !kinds.isEmpty else { return [] }
        var neverServed: Set<String> = []
        let candidates = try connection.query(PostgresQuery(unsafeSQL: candidatesSQL, binds: [now, SQLArray(kinds), limit]))
            .map { row in
                if try row.decode(Bool.self, at: 5) { neverServed.insert(try row.decode(String.self, at: 3)) }
                return ClaimPlan.Candidate(lease: JobLease(partnerID: try row.decode(UUID.self, at: 0), id: try row.decode(Int64.self, at: 1),
                                                    attempt: try row.decode(Int.self, at: 2)),
                                    fairnessKey: try row.decode(String.self, at: 3), limitKey: try row.decode(String?.self, at: 4))
            }
        guard !candidates.isEmpty else { return [] }

        let limitKeys = Array(Set(candidates.compactMap(\.limitKey))).sorted()
        var buckets = try lockBuckets(limitKeys, on: connection)
        var allowances: [String: Int] = [:]
        if !buckets.isEmpty {
            let running = try runningCounts(Array(buckets.keys), on: connection)
            for (key, _) in buckets {
                allowances[key] = buckets[key]!.allowance(running: running[key] ?? 0, now: now)
            }
        }
        let plan = ClaimPlan(candidates: candidates, allowances: allowances, limit: limit)
        guard !plan.chosen.isEmpty else { return [] }

        let leases = plan.chosen.map(\.lease)
        let (partners, ids, attempts) = leases.columns
        let rows = try connection.query(PostgresQuery(unsafeSQL: startSQL, binds: [partners, ids, attempts, owner, leaseUntil, now]))
        var started = try rows.map { (position: try $0.decode(Int.self, at: 0), job: try Job(row: $0, offset: 1)) }
        started.sort { $0.position < $1.position }

        if !buckets.isEmpty {
            for (key, count) in plan.startedPerLimitKey { buckets[key]?.take(count) }
            let keys = buckets.keys.sorted()
            try connection.execute(PostgresQuery(unsafeSQL: saveBucketsSQL, binds: [
                SQLArray(keys), SQLArray(keys.map { String(buckets[$0]!.tokens) }),
                SQLArray(try keys.map { try buckets[$0]!.refilledAt.postgresText() }),
            ]))
        }
        // Only a claim that chose among several keys changes their order, so a lone busy key
        // costs no write per claim — except its first, which gives it a turn: a key without
        // one counts as never served and would go before a newcomer.
        if Set(candidates.map(\.fairnessKey)).count > 1 || plan.servedKeys.contains(where: neverServed.contains) {
            try connection.execute(PostgresQuery(unsafeSQL: markServedSQL, binds: [SQLArray(plan.servedKeys)]))
        }
        return started.map(\.job)
    }

    private static func lockBuckets(_ keys: [String], on connection: PostgresConnection) throws -> [String: TokenBucket] {
        guard !keys.isEmpty else { return [:] }
        var buckets: [String: TokenBucket] = [:]
        for row in try connection.query(PostgresQuery(unsafeSQL: lockBucketsSQL, binds: [SQLArray(keys)])) {
            buckets[try row.decode(String.self, at: 0)] = TokenBucket(
                maxRunning: try row.decode(Int?.self, at: 1), ratePerSecond: try row.decode(Double?.self, at: 2),
                burst: try row.decode(Int.self, at: 3), tokens: try row.decode(Double.self, at: 4),
                refilledAt: try row.decode(Date.self, at: 5), notBefore: try row.decode(Date?.self, at: 6))
        }
        return buckets
    }

    private static func runningCounts(_ keys: [String], on connection: PostgresConnection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try connection.query(PostgresQuery(unsafeSQL: runningPerLimitKeySQL, binds: [SQLArray(keys)])) {
            counts[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
        }
        return counts
    }
}
