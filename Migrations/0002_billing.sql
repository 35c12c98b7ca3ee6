-- Billing: each partner's tiers and the terms it sells them on, and the wholesale price the
-- platform charges the partner (issue 4 item 3; DESIGN.md "Billing").
--
-- Same rules as 0001: partner_id leads every key, and row-level security through
-- isolate_tenant_table. None of these rows belong to a customer (customer column NULL), so
-- customer viewers see none of them: what a retailer pays is shown to them by the partner's
-- pages, not read from the partner's price list.
--
-- Money is `numeric` (exact decimal; PostgreSQL docs §8.1.2), never float. Amounts are kept
-- with up to 4 decimal places so a price per 1,000 can be finer than a cent; rounding to the
-- currency's minor unit happens in Swift (Money.roundedForCharging) where money is charged.

-- ---------------------------------------------------------------------------------------------
-- Tiers: the partner's names for its levels of service. The code is stable (customers refer to
-- it); the name is what the partner's customers read and may change at any time.

CREATE TABLE tiers (
    partner_id uuid NOT NULL REFERENCES partners (id),
    code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    position integer NOT NULL CHECK (position BETWEEN 0 AND 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, code)
);
CREATE TRIGGER tiers_updated_at BEFORE UPDATE ON tiers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('tiers', NULL, 'SELECT, INSERT, UPDATE');

-- ---------------------------------------------------------------------------------------------
-- A tier's terms, dated: a row applies from effective_from, the first day of a billing period
-- (a calendar month), until the next row's. A change is a new row for the next period, so the
-- period being billed never changes under the customer's feet and history stays readable.

CREATE TABLE tier_terms (
    partner_id uuid NOT NULL,
    code text NOT NULL,
    effective_from date NOT NULL CHECK (extract(day FROM effective_from) = 1),
    monthly_price numeric(14, 4) NOT NULL CHECK (monthly_price >= 0),
    -- ISO 4217 alphabetic code; which codes are accepted is Swift's CurrencyCode.
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    included_transactions bigint NOT NULL CHECK (included_transactions >= 0),
    overage_per_thousand numeric(14, 4) NOT NULL CHECK (overage_per_thousand >= 0),
    sla_success_rate numeric(5, 2) NOT NULL CHECK (sla_success_rate BETWEEN 0 AND 100),
    sla_p95_latency_ms integer NOT NULL CHECK (sla_p95_latency_ms BETWEEN 1 AND 86400000),
    sla_availability numeric(6, 3) NOT NULL CHECK (sla_availability BETWEEN 0 AND 100),
    support_window text NOT NULL CHECK (support_window IN ('24x7', 'business')),
    -- IANA time zone name, checked in Swift with TimeZone(identifier:); NULL for 24x7.
    support_time_zone text CHECK (length(support_time_zone) BETWEEN 1 AND 64),
    -- Business hours [start, end) in the support time zone, whole hours; NULL for 24x7.
    support_start_hour integer CHECK (support_start_hour BETWEEN 0 AND 23),
    support_end_hour integer CHECK (support_end_hour BETWEEN 1 AND 24),
    rate_limit_per_minute integer NOT NULL CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000),
    concurrency_limit integer NOT NULL CHECK (concurrency_limit BETWEEN 1 AND 10000),
    log_retention_days integer NOT NULL CHECK (log_retention_days BETWEEN 1 AND 3650),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, code, effective_from),
    FOREIGN KEY (partner_id, code) REFERENCES tiers (partner_id, code),
    CHECK (CASE support_window
               WHEN '24x7' THEN support_time_zone IS NULL AND support_start_hour IS NULL AND support_end_hour IS NULL
               ELSE support_time_zone IS NOT NULL AND support_start_hour < support_end_hour
           END)
);
CREATE TRIGGER tier_terms_updated_at BEFORE UPDATE ON tier_terms FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('tier_terms', NULL, 'SELECT, INSERT, UPDATE');

-- ---------------------------------------------------------------------------------------------
-- What the platform charges a partner, dated like tier terms. Partners read theirs (their pages
-- show cost and margin); only the platform scope writes them.

CREATE TABLE wholesale_prices (
    partner_id uuid NOT NULL REFERENCES partners (id),
    effective_from date NOT NULL CHECK (extract(day FROM effective_from) = 1),
    per_customer_month numeric(14, 4) NOT NULL CHECK (per_customer_month >= 0),
    per_thousand_transactions numeric(14, 4) NOT NULL CHECK (per_thousand_transactions >= 0),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, effective_from)
);
CREATE TRIGGER wholesale_prices_updated_at BEFORE UPDATE ON wholesale_prices
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('wholesale_prices', NULL, 'SELECT, INSERT, UPDATE');
-- A partner must not set its own cost: writing is the platform role's alone.
REVOKE INSERT, UPDATE ON wholesale_prices FROM counterpart_app, counterpart_viewer;

-- ---------------------------------------------------------------------------------------------
-- Every partner sells bronze, silver and gold from the start, on default terms from the month it
-- was created. The trigger runs as the inserting role (the platform scope in the product), so
-- the rows pass the same policies.

CREATE FUNCTION create_default_tiers(partner uuid, first_period date) RETURNS void
    LANGUAGE sql
    AS $$
    INSERT INTO tiers (partner_id, code, name, position)
    VALUES (partner, 'bronze', 'Bronze', 1), (partner, 'silver', 'Silver', 2), (partner, 'gold', 'Gold', 3);
    INSERT INTO tier_terms (partner_id, code, effective_from, monthly_price, currency, included_transactions,
                            overage_per_thousand, sla_success_rate, sla_p95_latency_ms, sla_availability,
                            support_window, support_time_zone, support_start_hour, support_end_hour,
                            rate_limit_per_minute, concurrency_limit, log_retention_days)
    VALUES (partner, 'bronze', first_period, 49, 'EUR', 1000, 5, 99.0, 60000, 99.0,
            'business', 'Europe/Amsterdam', 9, 17, 60, 2, 7),
           (partner, 'silver', first_period, 149, 'EUR', 10000, 4, 99.5, 30000, 99.5,
            'business', 'Europe/Amsterdam', 9, 17, 300, 5, 30),
           (partner, 'gold', first_period, 399, 'EUR', 100000, 3, 99.9, 10000, 99.9,
            '24x7', NULL, NULL, NULL, 1200, 20, 90);
    $$;

CREATE FUNCTION create_partner_tiers() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    -- The billing period is the calendar month in UTC, as in Swift's BillingMonth.
    PERFORM create_default_tiers(NEW.id, date_trunc('month', NEW.created_at AT TIME ZONE 'UTC')::date);
    RETURN NEW;
END
$$;
CREATE TRIGGER partners_default_tiers AFTER INSERT ON partners
    FOR EACH ROW EXECUTE FUNCTION create_partner_tiers();

-- Partners that existed before this migration (the platform partner at least).
SELECT create_default_tiers(id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date) FROM partners;

-- A customer's tier is one of its partner's tiers.
ALTER TABLE customers ADD CONSTRAINT customers_tier_fkey
    FOREIGN KEY (partner_id, tier_code) REFERENCES tiers (partner_id, code);
