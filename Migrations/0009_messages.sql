-- Messages: every unit of work a flow does — one order, one stock change, one batch of items —
-- with its life (received → processing → delivered | retrying | exception | dead | skipped),
-- every attempt with its timings and error, the payloads in and out, and the ids it has in each
-- system (issue 6 §3). These rows are the facts the SLA figures of issue 7 are computed from.
--
-- Same rules as 0001: partner_id leads every key; row-level security through
-- isolate_tenant_table with the customer column, so a retailer's own viewers see their
-- messages ("where is order 123?") and nobody else's.

CREATE TABLE messages (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    customer_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    environment_kind text NOT NULL CHECK (environment_kind IN ('sandbox', 'production')),
    -- FlowKind's raw value (Sources/Flows/FlowKind.swift).
    flow text NOT NULL CHECK (flow ~ '^[a-z][a-z0-9-]{1,39}$'),
    -- What the message carries, e.g. 'order', 'stock-level', 'product-batch'.
    subject text NOT NULL CHECK (subject ~ '^[a-z][a-z0-9-]{1,39}$'),
    status text NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'processing', 'delivered', 'retrying', 'exception', 'dead', 'skipped')),
    -- Where it came from: a system kind and, when there is one, the connection.
    source_system text NOT NULL CHECK (length(source_system) BETWEEN 1 AND 40),
    source_connection_id uuid,
    -- Our key for it (an order number, a SKU, a file name), searchable.
    reference text CHECK (length(reference) <= 200),
    -- Intake de-duplication: a webhook re-sent and a poll that sees the same change carry the
    -- same key, and the second is not a second message.
    dedup_key text CHECK (length(dedup_key) <= 300),
    input jsonb NOT NULL,
    input_bytes integer NOT NULL CHECK (input_bytes >= 0),
    output jsonb,
    output_bytes integer CHECK (output_bytes >= 0),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error_class text CHECK (error_class IN ('transient', 'permanent', 'business')),
    error_text text CHECK (length(error_text) <= 4000),
    next_attempt_at timestamptz,
    received_at timestamptz NOT NULL,
    first_attempt_at timestamptz,
    finished_at timestamptz,
    -- An operator's decision on an exception or a dead message.
    resolution text CHECK (resolution IN ('resolved', 'ignored')),
    resolution_comment text CHECK (length(resolution_comment) <= 2000),
    resolved_at timestamptz,
    -- A replay with an edited payload is a new message pointing at the one it replays; the
    -- original stays as it was.
    replay_of uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    CHECK ((resolution IS NULL) = (resolved_at IS NULL)),
    FOREIGN KEY (partner_id, customer_id, environment_id, environment_kind)
        REFERENCES environments (partner_id, customer_id, id, kind) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, replay_of) REFERENCES messages (partner_id, id)
);
CREATE UNIQUE INDEX messages_dedup ON messages (partner_id, customer_id, environment_id, flow, dedup_key)
    WHERE dedup_key IS NOT NULL;
-- The operators' list: newest first within a customer, filtered by status and flow.
CREATE INDEX messages_customer_received ON messages (partner_id, customer_id, received_at DESC, id DESC);
CREATE INDEX messages_open ON messages (partner_id, status, received_at DESC)
    WHERE status IN ('retrying', 'exception', 'dead');
CREATE INDEX messages_reference ON messages (partner_id, customer_id, reference) WHERE reference IS NOT NULL;
CREATE TRIGGER messages_updated_at BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CALL isolate_tenant_table('messages', 'customer_id', 'SELECT, INSERT, UPDATE');

-- Every attempt, with its timings and what went wrong.
CREATE TABLE message_attempts (
    partner_id uuid NOT NULL,
    message_id uuid NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    customer_id uuid NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    outcome text CHECK (outcome IN ('delivered', 'retrying', 'exception', 'dead', 'skipped')),
    error_class text CHECK (error_class IN ('transient', 'permanent', 'business')),
    error_text text CHECK (length(error_text) <= 4000),
    upstream_status integer,
    PRIMARY KEY (partner_id, message_id, number),
    CHECK ((finished_at IS NULL) = (outcome IS NULL)),
    FOREIGN KEY (partner_id, message_id) REFERENCES messages (partner_id, id) ON DELETE CASCADE
);
CALL isolate_tenant_table('message_attempts', 'customer_id', 'SELECT, INSERT, UPDATE');

-- The ids a message has in each system: "where is order 123?" from any of them.
CREATE TABLE message_ids (
    partner_id uuid NOT NULL,
    message_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    system text NOT NULL CHECK (length(system) BETWEEN 1 AND 40),
    external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    PRIMARY KEY (partner_id, message_id, system, external_id),
    FOREIGN KEY (partner_id, message_id) REFERENCES messages (partner_id, id) ON DELETE CASCADE
);
CREATE INDEX message_ids_lookup ON message_ids (partner_id, system, external_id);
CALL isolate_tenant_table('message_ids', 'customer_id', 'SELECT, INSERT');
