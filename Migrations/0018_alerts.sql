-- Alerts (issue 7 §4): rules evaluated every minute over the measurements of 0016, one open
-- alert per rule and subject, escalation along the partner's contact chain when nobody
-- acknowledges, within the customer's support window, by e-mail (SMTP) and chat webhook.
--
-- Every table belongs to a partner. Customer viewers see none of it (no customer policy): an
-- alert is the partner's work, and its text may name other systems and people.

CREATE TABLE alert_rules (
    partner_id uuid NOT NULL REFERENCES partners (id),
    id uuid NOT NULL DEFAULT uuid_v7(),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- partner: every customer of the partner, each its own subject; customer: one customer, all
    -- flows; flow: one customer's one flow.
    scope text NOT NULL CHECK (scope IN ('partner', 'customer', 'flow')),
    customer_id uuid,
    flow text CHECK (flow ~ '^[a-z][a-z0-9-]{1,39}$'),
    -- AlertKind's raw values (Sources/Monitoring/Alerts/AlertKind.swift). sla_at_risk is kept
    -- here although its condition comes later, so adding it needs no migration.
    kind text NOT NULL CHECK (kind IN ('failure_rate', 'backlog_age', 'dead_messages', 'paused_connection', 'sla_at_risk')),
    -- failure_rate: percent; backlog_age: minutes; dead_messages: a count; paused_connection: unused (1).
    threshold numeric NOT NULL CHECK (threshold >= 0),
    window_minutes integer NOT NULL DEFAULT 15 CHECK (window_minutes BETWEEN 1 AND 10080),
    -- failure_rate only: fewer finished messages than this in the window never fire.
    minimum_volume integer NOT NULL DEFAULT 10 CHECK (minimum_volume >= 1),
    impact text NOT NULL CHECK (impact IN ('order_capture', 'stock', 'catalogue', 'reporting')),
    escalate_after_minutes integer NOT NULL DEFAULT 30 CHECK (escalate_after_minutes BETWEEN 1 AND 10080),
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    CHECK (CASE scope WHEN 'partner' THEN customer_id IS NULL AND flow IS NULL
                      WHEN 'customer' THEN customer_id IS NOT NULL AND flow IS NULL
                      ELSE customer_id IS NOT NULL AND flow IS NOT NULL END),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);
CALL isolate_tenant_table('alert_rules', NULL, 'SELECT, INSERT, UPDATE, DELETE');
CREATE INDEX alert_rules_enabled ON alert_rules (partner_id) WHERE enabled;

CREATE TABLE alert_contacts (
    partner_id uuid NOT NULL REFERENCES partners (id),
    id uuid NOT NULL DEFAULT uuid_v7(),
    -- A customer's own chain is tried before the partner's (customer_id NULL).
    customer_id uuid,
    position integer NOT NULL CHECK (position BETWEEN 1 AND 100),
    channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
    -- An e-mail address, or the webhook's https (or loopback http) URL.
    address text NOT NULL CHECK (length(address) BETWEEN 3 AND 2000),
    -- Webhooks: the signing secret lives in `secrets` (purpose 'alert-contact/<id>/signing-secret');
    -- this only says whether there is one.
    has_signing_secret boolean NOT NULL DEFAULT false CHECK (channel = 'webhook' OR NOT has_signing_secret),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);
CALL isolate_tenant_table('alert_contacts', NULL, 'SELECT, INSERT, UPDATE, DELETE');
-- One contact per place in a chain; NULLS NOT DISTINCT makes the partner's own chain unique too.
CREATE UNIQUE INDEX alert_contacts_chain ON alert_contacts (partner_id, customer_id, position) NULLS NOT DISTINCT;

CREATE TABLE alerts (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    rule_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    -- The flow the alert is about; '' when the subject is the whole customer (a key column, so
    -- not NULL: the de-duplication index below must see two customer-wide alerts as equal).
    flow text NOT NULL DEFAULT '',
    -- What the subject is called in messages: the flow, the paused connection's name.
    subject text NOT NULL CHECK (length(subject) <= 300),
    impact text NOT NULL CHECK (impact IN ('order_capture', 'stock', 'catalogue', 'reporting')),
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
    opened_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    -- What was measured at the last evaluation, and a sentence saying it.
    value numeric NOT NULL,
    summary text NOT NULL CHECK (length(summary) <= 2000),
    -- The highest level notified so far (0: none yet), and when the next notification is due:
    -- the first at once, the next escalate_after_minutes of support time later; NULL when no
    -- more is due (acknowledged, resolved, or the chain is exhausted).
    level integer NOT NULL DEFAULT 0 CHECK (level >= 0),
    next_notification_at timestamptz,
    acknowledged_at timestamptz,
    acknowledged_by uuid,
    resolved_at timestamptz,
    resolved_by uuid,
    resolution text CHECK (resolution IN ('cleared', 'person')),
    resolution_comment text CHECK (length(resolution_comment) <= 2000),
    -- The cleared notice still to send (a resolved alert whose "cleared" mail failed retries).
    clear_notice_pending boolean NOT NULL DEFAULT false,
    PRIMARY KEY (partner_id, id),
    CHECK ((state = 'resolved') = (resolved_at IS NOT NULL AND resolution IS NOT NULL)),
    CHECK (state <> 'acknowledged' OR acknowledged_at IS NOT NULL),
    FOREIGN KEY (partner_id, rule_id) REFERENCES alert_rules (partner_id, id) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);
CALL isolate_tenant_table('alerts', NULL, 'SELECT, INSERT, UPDATE');
-- The de-duplication: one unresolved alert per rule and subject. Opening takes this index's
-- ON CONFLICT path, so two evaluations at once still make one alert.
CREATE UNIQUE INDEX alerts_one_open ON alerts (partner_id, rule_id, customer_id, flow, subject) WHERE state <> 'resolved';
CREATE INDEX alerts_partner_state ON alerts (partner_id, state, opened_at DESC);
CREATE INDEX alerts_due ON alerts (next_notification_at) WHERE next_notification_at IS NOT NULL OR clear_notice_pending;

CREATE TABLE alert_notifications (
    partner_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    alert_id uuid NOT NULL,
    contact_id uuid,
    channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
    -- The escalation level notified, or 0 for the "cleared" notice.
    level integer NOT NULL CHECK (level >= 0),
    kind text NOT NULL CHECK (kind IN ('opened', 'escalated', 'cleared')),
    sent_at timestamptz NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('sent', 'failed')),
    error text CHECK (length(error) <= 2000),
    PRIMARY KEY (id),
    FOREIGN KEY (partner_id, alert_id) REFERENCES alerts (partner_id, id) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, contact_id) REFERENCES alert_contacts (partner_id, id) ON DELETE SET NULL (contact_id)
);
CALL isolate_tenant_table('alert_notifications', NULL, 'SELECT, INSERT');
CREATE INDEX alert_notifications_alert ON alert_notifications (partner_id, alert_id, id);
