-- The daily reconciliation of a shop with the ERP (issue 6 §5, `reconciliation`): per flow and
-- day, how many web orders the shop took and the ERP holds, their totals on each side, and what
-- differs. Each difference is also a message in exception (Sources/Flows/Processing/
-- Reconciliation.swift), to be worked in the operators' queue; the report is the morning's
-- summary. A re-run of a day replaces its report: one row per (flow, day).
CREATE TABLE reconciliation_reports (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    flow_id uuid NOT NULL,
    -- The calendar day reconciled, in the flow's time zone (below).
    day date NOT NULL,
    time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 100),
    -- Orders that reach the ERP: the shop's of the day (paid, or with a sale), the ERP's under
    -- this shop's references.
    shop_orders integer NOT NULL CHECK (shop_orders >= 0),
    erp_orders integer NOT NULL CHECK (erp_orders >= 0),
    shop_total numeric NOT NULL,
    erp_total numeric NOT NULL,
    currency text CHECK (currency ~ '^[A-Z]{3}$'),
    -- [{order_number, kind, shop_value, erp_value}], kind one of missing_in_erp,
    -- missing_in_shop, total_differs, status_differs.
    mismatches jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(mismatches) = 'array'),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, flow_id, day),
    FOREIGN KEY (partner_id, flow_id) REFERENCES customer_flows (partner_id, id) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);
CREATE INDEX reconciliation_reports_customer ON reconciliation_reports (partner_id, customer_id, environment_id);
CALL isolate_tenant_table('reconciliation_reports', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');
