-- A customer's flows (issue 6 §5): which templates run in which environment, between which of
-- that environment's connections, with which options.
--
-- Sandbox and production stay apart in the schema itself: a flow's connections are referenced
-- together with the flow's own environment (connections' UNIQUE (partner_id, id,
-- environment_id) from 0005), so a production flow cannot name a sandbox connection, whoever
-- writes the row.

CREATE TABLE customer_flows (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    customer_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    environment_kind text NOT NULL CHECK (environment_kind IN ('sandbox', 'production')),
    -- FlowKind's raw value (Sources/Flows/FlowKind.swift).
    flow text NOT NULL CHECK (flow ~ '^[a-z][a-z0-9-]{1,39}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    paused_reason text CHECK (length(paused_reason) <= 1000),
    source_connection_id uuid,
    target_connection_id uuid,
    options jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(options) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, environment_id, flow),
    CHECK ((status = 'paused') = (paused_reason IS NOT NULL)),
    FOREIGN KEY (partner_id, customer_id, environment_id, environment_kind)
        REFERENCES environments (partner_id, customer_id, id, kind) ON DELETE CASCADE,
    -- A connection in use cannot be deleted (Connections.delete answers which flow uses it).
    CONSTRAINT customer_flows_source_connection FOREIGN KEY (partner_id, source_connection_id, environment_id)
        REFERENCES connections (partner_id, id, environment_id),
    CONSTRAINT customer_flows_target_connection FOREIGN KEY (partner_id, target_connection_id, environment_id)
        REFERENCES connections (partner_id, id, environment_id)
);
CREATE INDEX customer_flows_customer ON customer_flows (partner_id, customer_id, environment_kind, flow);
CREATE TRIGGER customer_flows_updated_at BEFORE UPDATE ON customer_flows FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CALL isolate_tenant_table('customer_flows', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');
