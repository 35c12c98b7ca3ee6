-- What customers' tiers promise for a period (issue 7 §2: "each against the tier's targets at
-- that time"): targets only, never prices. The tier is the one the customer was on when the
-- period began, as billing decides an invoice's tier (0017's customer_tier_changes): the latest
-- change at or before the period's first instant, or — for a customer created during the
-- period — its first. The terms are those in force on the period's first day, or, for a period
-- before the tier had terms, its first.
--
-- Tier terms are the partner's rows, which customer viewers cannot read (0002), yet a viewer
-- must see the targets their own SLA is measured against: hence a security-definer function
-- that answers the platform, the partner, or that one customer's viewer — and nobody else.
-- Set-based: the partner's page of every customer makes one call, not one per customer.
CREATE FUNCTION sla_targets(partner uuid, customer uuid, period_start date)
    RETURNS TABLE (customer_id uuid, tier_code text, tier_name text, tier_position integer, success_rate numeric,
                   p95_latency_ms integer, availability numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    ROWS 100
    AS $$
        WITH terms AS (
            SELECT t.code, t.name, t.position, tt.sla_success_rate, tt.sla_p95_latency_ms, tt.sla_availability
            FROM tiers t
            JOIN LATERAL (SELECT x.sla_success_rate, x.sla_p95_latency_ms, x.sla_availability FROM tier_terms x
                          WHERE x.partner_id = t.partner_id AND x.code = t.code
                          ORDER BY x.effective_from <= period_start DESC,
                                   CASE WHEN x.effective_from <= period_start THEN x.effective_from END DESC,
                                   x.effective_from
                          LIMIT 1) tt ON true
            WHERE t.partner_id = partner
        )
        SELECT c.id, terms.code, terms.name, terms.position, terms.sla_success_rate, terms.sla_p95_latency_ms,
               terms.sla_availability
        FROM customers c
        JOIN LATERAL (SELECT h.tier_code FROM customer_tier_changes h
                      WHERE h.partner_id = c.partner_id AND h.customer_id = c.id
                      ORDER BY h.changed_at <= (period_start::timestamp AT TIME ZONE 'UTC') DESC,
                               CASE WHEN h.changed_at <= (period_start::timestamp AT TIME ZONE 'UTC') THEN h.changed_at END DESC,
                               h.changed_at, h.id DESC
                      LIMIT 1) history ON true
        JOIN terms ON terms.code = history.tier_code
        WHERE c.partner_id = partner AND (customer IS NULL OR c.id = customer)
          AND (current_setting('role') = 'counterpart_platform'
               OR (c.partner_id = app_partner_id() AND (app_customer_id() IS NULL OR c.id = app_customer_id())))
    $$;
REVOKE ALL ON FUNCTION sla_targets(uuid, uuid, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sla_targets(uuid, uuid, date) TO counterpart_app, counterpart_viewer, counterpart_platform;
