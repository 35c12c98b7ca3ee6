public import Foundation
public import Postgres
public import Tenancy

/// Reading a partner's tiers and changing their names and terms (Migrations/0002: `tiers`,
/// `tier_terms`). Like Tenancy's stores, every statement names the partner explicitly and runs
/// on a connection already inside the caller's tenant transaction; row-level security checks
/// the partner again and hides all of it from customer viewers.
public enum Tiers {
    static let termsColumns = """
        effective_from, monthly_price, currency::text, included_transactions, overage_per_thousand, sla_success_rate,
        sla_p95_latency_ms, sla_availability, support_window, support_time_zone, support_start_hour, support_end_hour,
        rate_limit_per_minute, concurrency_limit, log_retention_days
        """
    static let termsColumnCount = 15

    // For each tier: the latest terms on or before the day (in force) and the earliest after it
    // (scheduled). Both lateral lookups walk the (partner_id, code, effective_from) primary key.
    static let listSQL = """
        SELECT t.code, t.name, t.position, now_terms.*, next_terms.*
        FROM tiers t
        LEFT JOIN LATERAL (
            SELECT \(termsColumns) FROM tier_terms x
            WHERE x.partner_id = t.partner_id AND x.code = t.code AND x.effective_from <= $2::date
            ORDER BY x.effective_from DESC LIMIT 1) now_terms ON true
        LEFT JOIN LATERAL (
            SELECT \(termsColumns) FROM tier_terms x
            WHERE x.partner_id = t.partner_id AND x.code = t.code AND x.effective_from > $2::date
            ORDER BY x.effective_from LIMIT 1) next_terms ON true
        WHERE t.partner_id = $1
        ORDER BY t.position, t.code
        """
    static let namesSQL = "SELECT code, name FROM tiers WHERE partner_id = $1 ORDER BY position, code"
    static let renameSQL = """
        UPDATE tiers t SET name = $3 FROM tiers old
        WHERE t.partner_id = $1 AND t.code = $2 AND old.partner_id = t.partner_id AND old.code = t.code
        RETURNING old.name
        """
    static let termsForPeriodSQL = """
        SELECT \(termsColumns) FROM tier_terms
        WHERE partner_id = $1 AND code = $2 AND effective_from <= $3::date
        ORDER BY effective_from DESC LIMIT 1
        """
    static let tierExistsSQL = "SELECT 1 FROM tiers WHERE partner_id = $1 AND code = $2"
    // A second change for the same period replaces the first: the period has not started, so
    // nobody has been billed on the replaced terms.
    static let scheduleSQL = """
        INSERT INTO tier_terms (partner_id, code, effective_from, monthly_price, currency, included_transactions,
                                overage_per_thousand, sla_success_rate, sla_p95_latency_ms, sla_availability,
                                support_window, support_time_zone, support_start_hour, support_end_hour,
                                rate_limit_per_minute, concurrency_limit, log_retention_days)
        VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        ON CONFLICT (partner_id, code, effective_from) DO UPDATE SET
            monthly_price = EXCLUDED.monthly_price, currency = EXCLUDED.currency,
            included_transactions = EXCLUDED.included_transactions, overage_per_thousand = EXCLUDED.overage_per_thousand,
            sla_success_rate = EXCLUDED.sla_success_rate, sla_p95_latency_ms = EXCLUDED.sla_p95_latency_ms,
            sla_availability = EXCLUDED.sla_availability, support_window = EXCLUDED.support_window,
            support_time_zone = EXCLUDED.support_time_zone, support_start_hour = EXCLUDED.support_start_hour,
            support_end_hour = EXCLUDED.support_end_hour, rate_limit_per_minute = EXCLUDED.rate_limit_per_minute,
            concurrency_limit = EXCLUDED.concurrency_limit, log_retention_days = EXCLUDED.log_retention_days
        """

    /// The caller's partner's tiers in price-list order, each with the terms in force on `date`
    /// (UTC) and the next terms scheduled after it.
    public static func list(for principal: Principal, at date: Date, on connection: PostgresConnection) throws -> [Tier] {
        try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [principal.partnerID, BillingMonth.dayText(date)]))
            .map { row in
                Tier(partnerID: principal.partnerID, code: try row.decode(String.self, at: 0),
                     name: try row.decode(String.self, at: 1), position: try row.decode(Int.self, at: 2),
                     current: try decodeTerms(row, from: 3), scheduled: try decodeTerms(row, from: 3 + termsColumnCount))
            }
    }

    /// One tier as `list` sees it; `notFound("tier")` when the partner has no such tier.
    /// The caller's partner's tier names by code, in price-list order — for lists that show a
    /// tier's name and need none of its terms.
    public static func names(for principal: Principal, on connection: PostgresConnection) throws -> [(code: String, name: String)] {
        try connection.query(PostgresQuery(unsafeSQL: namesSQL, binds: [principal.partnerID])).map { row in
            let (code, name) = try row.decode((String, String).self)
            return (code, name)
        }
    }

    public static func get(_ code: String, for principal: Principal, at date: Date,
                           on connection: PostgresConnection) throws -> Tier {
        guard let tier = try list(for: principal, at: date, on: connection).first(where: { $0.code == code }) else {
            throw TenancyError.notFound("tier")
        }
        return tier
    }

    /// Renames a tier at once (the name is a label; prices are what wait for the next period)
    /// and records the old and new name. Needs `tiers:write`, the partner admin's right
    /// over what customers are sold.
    public static func rename(_ code: String, to name: String, by caller: Caller, on connection: PostgresConnection) throws {
        try caller.principal.require(.tiersWrite)
        let trimmed = name.trimmingWhitespace
        try InputRules.check(InputRules.name(name),
                             trimmed.count > 100 ? FieldProblem(field: "name", message: "must be at most 100 characters") : nil)
        let partnerID = caller.principal.partnerID
        guard let row = try connection.query(PostgresQuery(unsafeSQL: renameSQL, binds: [partnerID, code, trimmed])).first else {
            throw TenancyError.notFound("tier")
        }
        let before = try row.decode(String.self, at: 0)
        try AuditLog.record(AuditChange(action: "tier.rename", partnerID: partnerID, targetType: "tier", targetID: code,
                                        before: TierLabel(code: code, name: before), after: TierLabel(code: code, name: trimmed)),
                            by: caller, on: connection)
    }

    /// Schedules new terms for a tier. **Rule: terms apply from the first day of the calendar
    /// month (UTC) after `now`** — the current billing period is never repriced. Scheduling again
    /// before that month starts replaces the scheduled terms. The audit entry holds the terms that
    /// would otherwise have applied to that month (before) and the new ones (after).
    /// Needs `tiers:write`; invalid terms are `TenancyError.invalid` naming each field.
    @discardableResult
    public static func scheduleTerms(_ code: String, _ terms: TierTerms, by caller: Caller, now: Date,
                                     on connection: PostgresConnection) throws -> DatedTierTerms {
        try caller.principal.require(.tiersWrite)
        if case let problems = terms.problems, !problems.isEmpty { throw TenancyError.invalid(problems) }
        let partnerID = caller.principal.partnerID
        guard try connection.query(PostgresQuery(unsafeSQL: tierExistsSQL, binds: [partnerID, code])).first != nil else {
            throw TenancyError.notFound("tier")
        }
        let period = BillingMonth(containing: now).next
        let before = try connection.query(PostgresQuery(unsafeSQL: termsForPeriodSQL, binds: [
            partnerID, code, period.firstDayText,
        ])).first.flatMap { try decodeTerms($0, from: 0) }
        let window = terms.supportWindow
        let (zone, start, end): (String?, Int?, Int?) = switch window {
        case .allDay: (nil, nil, nil)
        case .businessHours(let zone, let start, let end): (zone, start, end)
        }
        _ = try connection.execute(PostgresQuery(unsafeSQL: scheduleSQL, binds: [
            partnerID, code, period.firstDayText, terms.monthlyPrice.amount, terms.monthlyPrice.currency.code,
            terms.includedTransactions, terms.overagePerThousand, terms.slaSuccessRate, terms.slaP95LatencyMilliseconds,
            terms.slaAvailability, window.kind, zone, start, end, terms.rateLimitPerMinute, terms.concurrencyLimit,
            terms.logRetentionDays,
        ]))
        let after = DatedTierTerms(effectiveFrom: period, terms: terms)
        try AuditLog.record(AuditChange(action: "tier.schedule_terms", partnerID: partnerID, targetType: "tier",
                                        targetID: code, before: before, after: after), by: caller, on: connection)
        return after
    }

    /// The dated terms in the `termsColumnCount` columns starting at `offset`; nil when the
    /// lateral join found none.
    static func decodeTerms(_ row: PostgresRow, from offset: Int) throws -> DatedTierTerms? {
        guard let effectiveFrom = try row.decode(Date?.self, at: offset) else { return nil }
        func value<Value: PostgresDecodable>(_ index: Int) throws -> Value { try row.decode(Value.self, at: offset + index) }
        let currencyText: String = try value(2)
        guard let currency = CurrencyCode(currencyText) else { throw BillingError.unsupportedCurrency(currencyText) }
        let kind: String = try value(8)
        let zone: String? = try value(9), start: Int? = try value(10), end: Int? = try value(11)
        let window: SupportWindow = if kind == "business", let zone, let start, let end {
            .businessHours(timeZone: zone, startHour: start, endHour: end)
        } else {
            .allDay
        }
        let terms = TierTerms(
            monthlyPrice: Money(try value(1), currency), includedTransactions: try value(3),
            overagePerThousand: try value(4), slaSuccessRate: try value(5), slaP95LatencyMilliseconds: try value(6),
            slaAvailability: try value(7), supportWindow: window, rateLimitPerMinute: try value(12),
            concurrencyLimit: try value(13), logRetentionDays: try value(14))
        return DatedTierTerms(effectiveFrom: BillingMonth(containing: effectiveFrom), terms: terms)
    }

    /// A tier's code and name, as the audit log records a rename.
    struct TierLabel: Encodable {
        let code: String
        let name: String
    }
}
