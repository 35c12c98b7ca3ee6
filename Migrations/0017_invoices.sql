-- Usage metering, invoices and the platform's bills to partners (issue 7 §5; DESIGN.md "Tiers,
-- pricing, SLA, alerts").
--
-- Billing a closed month needs what a customer was on at the first instant of that month (a
-- tier change applies from the next billing period, as a change of terms does), so the
-- customer's tier and status get a history. Invoices and bills are immutable once issued: the
-- application roles may insert (the platform scope, in the month-end job) and read, never
-- update or delete. Amounts are exact `numeric`, rounded to the currency's minor unit per line
-- in Swift (Money.roundedForCharging) before they are stored.

-- ---------------------------------------------------------------------------------------------
-- The history of each customer's tier and status: one row when the customer is created and one
-- per change, written by a trigger in the changing transaction. The state in force at an
-- instant is the latest row at or before it.

CREATE TABLE customer_tier_changes (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    changed_at timestamptz NOT NULL,
    tier_code text NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'suspended')),
    PRIMARY KEY (partner_id, customer_id, changed_at, id),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);
CALL isolate_tenant_table('customer_tier_changes', 'customer_id', 'SELECT, INSERT');

-- A new customer's first row carries its created_at (the instant it exists from); a change
-- carries the transaction's time.
CREATE FUNCTION record_customer_tier_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.tier_code IS NOT DISTINCT FROM OLD.tier_code
                        AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO customer_tier_changes (partner_id, customer_id, changed_at, tier_code, status)
    VALUES (NEW.partner_id, NEW.id, CASE TG_OP WHEN 'INSERT' THEN NEW.created_at ELSE now() END,
            NEW.tier_code, NEW.status);
    RETURN NULL;
END
$$;
CREATE TRIGGER customers_tier_history AFTER INSERT OR UPDATE OF tier_code, status ON customers
    FOR EACH ROW EXECUTE FUNCTION record_customer_tier_change();

-- Customers that existed before this migration: on their present tier and status since creation
-- (the best history there is).
INSERT INTO customer_tier_changes (partner_id, customer_id, changed_at, tier_code, status)
SELECT partner_id, id, created_at, tier_code, status FROM customers;

-- ---------------------------------------------------------------------------------------------
-- A customer's invoice for one closed month: one per customer per month (the key makes closing
-- a month idempotent). Customer viewers may read their own rows; the API asks pricing:read.

CREATE TABLE invoices (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    customer_name text NOT NULL,
    tier_code text NOT NULL,
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- The share of the month billed: 1, or (days from creation to month end) / days in month.
    days_billed integer NOT NULL CHECK (days_billed BETWEEN 1 AND 31),
    days_in_month integer NOT NULL CHECK (days_in_month BETWEEN 28 AND 31),
    base numeric(14, 4) NOT NULL CHECK (base >= 0),
    usage bigint NOT NULL CHECK (usage >= 0),
    included bigint NOT NULL CHECK (included >= 0),
    overage_per_thousand numeric(14, 4) NOT NULL CHECK (overage_per_thousand >= 0),
    overage numeric(14, 4) NOT NULL CHECK (overage >= 0),
    total numeric(14, 4) NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, customer_id, month),
    CHECK (days_billed <= days_in_month AND total = base + overage),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id)
);
CALL isolate_tenant_table('invoices', 'customer_id', 'SELECT');
GRANT INSERT ON invoices TO counterpart_platform;
-- A month's invoices of a partner, for its billing page and the CSV.
CREATE INDEX invoices_by_month ON invoices (partner_id, month);

-- ---------------------------------------------------------------------------------------------
-- The platform's bill to a partner for one closed month. Its row is also the mark that the
-- month is closed for that partner. Without a wholesale price in force the platform charges
-- nothing: the price columns and the amounts are NULL together.

CREATE TABLE partner_bills (
    partner_id uuid NOT NULL REFERENCES partners (id),
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    customers integer NOT NULL CHECK (customers >= 0),
    transactions bigint NOT NULL CHECK (transactions >= 0),
    currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
    per_customer_month numeric(14, 4) CHECK (per_customer_month >= 0),
    per_thousand_transactions numeric(14, 4) CHECK (per_thousand_transactions >= 0),
    customer_charge numeric(14, 4) CHECK (customer_charge >= 0),
    usage_charge numeric(14, 4) CHECK (usage_charge >= 0),
    total numeric(14, 4),
    issued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, month),
    CHECK (total = customer_charge + usage_charge),
    CHECK ((currency IS NULL) = (total IS NULL) AND (per_customer_month IS NULL) = (total IS NULL)
           AND (per_thousand_transactions IS NULL) = (total IS NULL))
);
CALL isolate_tenant_table('partner_bills', NULL, 'SELECT');
GRANT INSERT ON partner_bills TO counterpart_platform;
