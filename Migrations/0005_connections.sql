-- Connections: one customer system reached from one environment (issue 5 §7) — a WooCommerce
-- store, the Tryton ERP or POS, an SFTP file drop, an outbound webhook endpoint.
--
-- Non-secret settings live here as a JSON object; every secret field is a row in `secrets`
-- (sealed with AES-256-GCM under the keyring, purpose 'connection/<id>/<field>'), and this table
-- only records which secret fields were given.
--
-- Sandbox and production stay apart by construction: a connection carries its environment's
-- kind under a foreign key to that environment, and the flows of issue 6 reference a connection
-- together with their own environment (the UNIQUE below is the target of that composite key),
-- so a production flow cannot point at a sandbox connection or the other way round.

-- The environment's (customer, id, kind) as a key, so a connection's copy of them cannot drift.
ALTER TABLE environments ADD CONSTRAINT environments_customer_kind_key UNIQUE (partner_id, customer_id, id, kind);

CREATE TABLE connections (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    customer_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    environment_kind text NOT NULL CHECK (environment_kind IN ('sandbox', 'production')),
    -- ConnectorKind's raw value (Sources/Connectors/Seam/ConnectorKind.swift).
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]{1,39}$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    secret_fields jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(secret_fields) = 'array'),
    -- Which system the connection reaches (e.g. 'woocommerce https://shop.example/'), derived
    -- from the descriptor's endpoint fields: one endpoint is never both sandbox and production.
    endpoint text NOT NULL CHECK (length(endpoint) BETWEEN 1 AND 1000),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    paused_reason text CHECK (length(paused_reason) <= 1000),
    last_tested_at timestamptz,
    last_test_succeeded boolean,
    last_test_summary text CHECK (length(last_test_summary) <= 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, customer_id, environment_id, name),
    UNIQUE (partner_id, id, environment_id),
    CHECK ((status = 'paused') = (paused_reason IS NOT NULL)),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, customer_id, environment_id, environment_kind)
        REFERENCES environments (partner_id, customer_id, id, kind) ON DELETE CASCADE
);
CREATE INDEX connections_customer ON connections (partner_id, customer_id, environment_kind, name);
CREATE INDEX connections_endpoint ON connections (partner_id, customer_id, endpoint);
CREATE TRIGGER connections_updated_at BEFORE UPDATE ON connections
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('connections', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');
