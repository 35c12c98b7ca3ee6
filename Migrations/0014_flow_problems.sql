-- Silence, raised (issue 6 §8): a scheduled flow that did not run when due, a source that stopped
-- sending (WooCommerce disables a webhook after repeated failed deliveries), a connection whose
-- credentials were rejected. Each is a problem with a life: opened when detected, seen again
-- while it lasts (one open row per subject and kind, counted, not repeated), and resolved when
-- the condition clears or an operator closes it. Alerts (issue 7) fire on open problems.
CREATE TABLE flow_problems (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    customer_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    -- The flow or the connection the problem is about (at least one).
    flow_id uuid,
    connection_id uuid,
    -- FlowProblem.Kind's raw value (Sources/Flows/Problems/FlowProblem.swift).
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{1,39}$'),
    -- What in the subject: a schedule's name, a webhook's id; '' when the subject is all of it.
    detail_key text NOT NULL DEFAULT '' CHECK (length(detail_key) <= 200),
    summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
    opened_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    occurrences integer NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
    resolved_at timestamptz,
    resolution text CHECK (length(resolution) <= 1000),
    PRIMARY KEY (partner_id, id),
    CHECK (flow_id IS NOT NULL OR connection_id IS NOT NULL),
    CHECK ((resolved_at IS NULL) = (resolution IS NULL)),
    FOREIGN KEY (partner_id, flow_id) REFERENCES customer_flows (partner_id, id) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, connection_id) REFERENCES connections (partner_id, id) ON DELETE CASCADE
);
-- One open problem per subject and kind: raising it again counts an occurrence.
CREATE UNIQUE INDEX flow_problems_open ON flow_problems
    (partner_id, coalesce(flow_id, connection_id), kind, detail_key) WHERE resolved_at IS NULL;
CREATE INDEX flow_problems_customer ON flow_problems (partner_id, customer_id, opened_at DESC);
CALL isolate_tenant_table('flow_problems', 'customer_id', 'SELECT, INSERT, UPDATE');
