-- The SLA targets a period is measured against come from the tier the customer was on when
-- the period began, as billing decides the tier of an invoice (0017's customer_tier_changes):
-- the latest change at or before the period's first instant, or — for a customer created
-- during the period — its first tier. The terms are those in force on the period's first day
-- (or, before the tier had terms, its first). 0016 used the customer's current tier, before
-- the history existed.
CREATE OR REPLACE FUNCTION customer_sla_targets(partner uuid, customer uuid, period_start date)
    RETURNS TABLE (tier_code text, tier_name text, tier_position integer, success_rate numeric, p95_latency_ms integer,
                   availability numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$
        SELECT t.code, t.name, t.position, tt.sla_success_rate, tt.sla_p95_latency_ms, tt.sla_availability
        FROM customers c
        JOIN LATERAL (SELECT h.tier_code FROM customer_tier_changes h
                      WHERE h.partner_id = c.partner_id AND h.customer_id = c.id
                      ORDER BY h.changed_at <= (period_start::timestamp AT TIME ZONE 'UTC') DESC,
                               CASE WHEN h.changed_at <= (period_start::timestamp AT TIME ZONE 'UTC') THEN h.changed_at END DESC,
                               h.changed_at, h.id DESC
                      LIMIT 1) history ON true
        JOIN tiers t ON t.partner_id = c.partner_id AND t.code = history.tier_code
        JOIN LATERAL (SELECT x.sla_success_rate, x.sla_p95_latency_ms, x.sla_availability FROM tier_terms x
                      WHERE x.partner_id = t.partner_id AND x.code = t.code
                      ORDER BY x.effective_from <= period_start DESC,
                               CASE WHEN x.effective_from <= period_start THEN x.effective_from END DESC,
                               x.effective_from
                      LIMIT 1) tt ON true
        WHERE c.partner_id = partner AND c.id = customer
          AND (current_setting('role') = 'counterpart_platform'
               OR (c.partner_id = app_partner_id() AND (app_customer_id() IS NULL OR c.id = app_customer_id())))
    $$;
