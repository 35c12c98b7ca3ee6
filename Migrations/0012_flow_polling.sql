-- Polling and the stock a till sale takes (issue 6 §5, §8).
--
-- flow_cursors: where each flow's change read of each feed stands, visible to operators and
-- resettable to re-read a window ("cursors you cannot see"). The position is the connector's own
-- token (ChangeCursor); a reset stores the connector's cursor for the chosen time, and the
-- audit log keeps the one it replaced.
CREATE TABLE flow_cursors (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    flow_id uuid NOT NULL,
    -- What is read: a ConnectorResource ('stock', 'order', …) of the connection below.
    feed text NOT NULL CHECK (feed ~ '^[a-z][a-z0-9-]{1,39}$'),
    connection_id uuid NOT NULL,
    position text CHECK (length(position) <= 200000),
    -- Set by an operator's reset; shown until the next successful read moves on from it.
    reset_to timestamptz,
    polled_at timestamptz,
    -- The last read that found something, and how many changes the feed has handed over.
    last_change_at timestamptz,
    changes_read bigint NOT NULL DEFAULT 0 CHECK (changes_read >= 0),
    -- The last read's error, cleared by the next read that succeeds.
    last_error text CHECK (length(last_error) <= 2000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, flow_id, feed, connection_id),
    FOREIGN KEY (partner_id, flow_id) REFERENCES customer_flows (partner_id, id) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, connection_id) REFERENCES connections (partner_id, id) ON DELETE CASCADE
);
CREATE TRIGGER flow_cursors_updated_at BEFORE UPDATE ON flow_cursors FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CALL isolate_tenant_table('flow_cursors', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');

-- Stock movements the system of record has not counted yet: a till sale lowers the web shop's
-- stock at once, before the ERP's next count of that location includes it. A movement older
-- than the location's stored level (hub_stock.as_of) is taken to be in that count. One row per
-- sale line, keyed by the sale: a till sale read twice (a poll and a replay) takes its stock once.
CREATE TABLE hub_stock_movements (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'production')),
    sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 100),
    location text NOT NULL CHECK (length(location) BETWEEN 1 AND 100),
    -- Negative for a sale, positive for a return.
    quantity numeric NOT NULL,
    occurred_at timestamptz NOT NULL,
    source_system text NOT NULL CHECK (source_system ~ '^[a-z][a-z0-9-]{1,49}$'),
    -- The document that moved the stock in its system (a till sale's id).
    document text NOT NULL CHECK (length(document) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, customer_id, environment, source_system, document, sku, location),
    FOREIGN KEY (partner_id, customer_id, environment) REFERENCES environments (partner_id, customer_id, kind) ON DELETE CASCADE
);
CREATE INDEX hub_stock_movements_sku ON hub_stock_movements (partner_id, customer_id, environment, sku, occurred_at);
CALL isolate_tenant_table('hub_stock_movements', 'customer_id', 'SELECT, INSERT');
