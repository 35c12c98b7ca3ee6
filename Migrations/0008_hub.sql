-- The hub (issue 6 §4; DESIGN.md "The hub and the flows"): per customer and environment, the
-- canonical state sources publish into and flows fan out from — items, prices, stock per
-- location, orders — the cross-references between the ids each system gives a record, and
-- which system is the system of record for each data domain. The Swift side is
-- Sources/Flows/Hub (`Hub`, `HubCrossReferences`, `HubOwnership`). (0007 is the jobs queue.)
--
-- Same rules as 0001: partner_id leads every key so the tables distribute by partner, and
-- row-level security through isolate_tenant_table with the customer column, so a customer
-- viewer reaches only their own customer's hub. Sandbox and production never mix: every row
-- names its environment by kind under a foreign key to the customer's environment of that
-- kind, and every key includes it, so the two hubs of one customer are disjoint by construction.

-- A connection's (customer, environment, id, kind) as a key, so a cross-reference can name its
-- connection together with the environment and the system it must belong to: a production
-- cross-reference cannot point at a sandbox connection, nor claim a WooCommerce id for a
-- connection to the ERP.
ALTER TABLE connections ADD CONSTRAINT connections_hub_key UNIQUE (partner_id, customer_id, environment_kind, id, kind);

-- ---------------------------------------------------------------------------------------------
-- The change log's head: the last change number of one customer's environment. Each change to
-- the canonical state takes the next number by updating this row, which PostgreSQL locks until
-- the writing transaction ends. So numbers are handed out in commit order per customer and
-- environment — unlike a SEQUENCE, whose numbers are taken in call order and can commit out
-- of order, which would let a follower reading "changes since 41" step past a 42 committed
-- after 43 and never see it. The price is that one customer's environment has one hub writer
-- at a time; other customers and the other environment are not held up.

CREATE TABLE hub_heads (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'production')),
    last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    PRIMARY KEY (partner_id, customer_id, environment),
    FOREIGN KEY (partner_id, customer_id, environment) REFERENCES environments (partner_id, customer_id, kind) ON DELETE CASCADE
);

CALL isolate_tenant_table('hub_heads', 'customer_id', 'SELECT, INSERT, UPDATE');

-- ---------------------------------------------------------------------------------------------
-- System-of-record ownership: which systems own each data domain. A domain without a row has
-- the standard owners (Swift's SystemOfRecord.standard: the ERP owns items, prices, stock,
-- customers and shipments; the shop and the tills own their sales and refunds), so the table
-- holds only what a customer changed, and a better default reaches every customer who kept it.

CREATE TABLE hub_ownership (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'production')),
    domain text NOT NULL CHECK (domain IN ('items', 'prices', 'stock', 'orders', 'customers', 'refunds', 'shipments')),
    -- SystemKind raw values, e.g. ["woocommerce", "tryton-pos"]; at least one.
    owners jsonb NOT NULL CHECK (jsonb_typeof(owners) = 'array' AND jsonb_array_length(owners) BETWEEN 1 AND 10),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, customer_id, environment, domain),
    FOREIGN KEY (partner_id, customer_id, environment) REFERENCES environments (partner_id, customer_id, kind) ON DELETE CASCADE
);
CREATE TRIGGER hub_ownership_updated_at BEFORE UPDATE ON hub_ownership FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('hub_ownership', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');

-- ---------------------------------------------------------------------------------------------
-- The canonical state. Each row keeps the record as Commerce encodes it (jsonb), the SHA-256 of
-- that encoding (so a repeat of the same content is recognised as unchanged without comparing
-- documents), which system and connection last wrote it, and the change number of its last
-- change, which the (…, change_seq) indexes serve to followers reading the hub like a log.
-- source_connection_id is a record of who wrote, not a reference: it stays when the connection
-- is deleted, as the audit log's ids do.

CREATE TABLE hub_items (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'production')),
    sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 100),
    -- Commerce.Product
    document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    content_hash bytea NOT NULL CHECK (length(content_hash) = 32),
    source_system text NOT NULL CHECK (source_system ~ '^[a-z][a-z0-9-]{1,49}$'),
    source_connection_id uuid NOT NULL,
    change_seq bigint NOT NULL CHECK (change_seq > 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, customer_id, environment, sku),
    FOREIGN KEY (partner_id, customer_id, environment) REFERENCES environments (partner_id, customer_id, kind) ON DELETE CASCADE
);
CREATE INDEX hub_items_changes ON hub_items (partner_id, customer_id, environment, change_seq);

CALL isolate_tenant_table('hub_items', 'customer_id', 'SELECT, INSERT, UPDATE');

-- One price per SKU and currency: a shop in euros and a till in francs each have theirs.
CREATE TABLE hub_prices (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'production')),
    sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 100),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- Commerce.Price
    document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    content_hash bytea NOT NULL CHECK (length(content_hash) = 32),
    source_system text NOT NULL CHECK (source_system ~ '^[a-z][a-z0-9-]{1,49}$'),
    source_connection_id uuid NOT NULL,
    change_seq bigint NOT NULL CHECK (change_seq > 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, customer_id, environment, sku, currency),
    FOREIGN KEY (partner_id, customer_id, environment) REFERENCES environments (partner_id, customer_id, kind) ON DELETE CASCADE
);
CREATE INDEX hub_prices_changes ON hub_prices (partner_id, customer_id, environment, change_seq);

CALL isolate_tenant_table('hub_prices', 'customer_id', 'SELECT, INSERT, UPDATE');

-- Stock per SKU and location. as_of is when the count was true in its system (StockLevel.asOf):
-- a level older than the stored one never replaces it, whatever order they arrive in.
CREATE TABLE hub_stock (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'production')),
    sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 100),
    location text NOT NULL CHECK (length(location) BETWEEN 1 AND 100),
    quantity numeric NOT NULL,
    as_of timestamptz NOT NULL,
    source_system text NOT NULL CHECK (source_system ~ '^[a-z][a-z0-9-]{1,49}$'),
    source_connection_id uuid NOT NULL,
    change_seq bigint NOT NULL CHECK (change_seq > 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, customer_id, environment, sku, location),
    FOREIGN KEY (partner_id, customer_id, environment) REFERENCES environments (partner_id, customer_id, kind) ON DELETE CASCADE
);
CREATE INDEX hub_stock_changes ON hub_stock (partner_id, customer_id, environment, change_seq);

CALL isolate_tenant_table('hub_stock', 'customer_id', 'SELECT, INSERT, UPDATE');

-- Orders by our reference (the one order-to-erp writes back to the shop), whichever system
-- took the order. status is the document's, kept beside it for lists and filters.
CREATE TABLE hub_orders (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'production')),
    reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
    -- Commerce.Order
    document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    -- Commerce.OrderStatus raw value.
    status text NOT NULL CHECK (status ~ '^[a-zA-Z]{1,30}$'),
    content_hash bytea NOT NULL CHECK (length(content_hash) = 32),
    source_system text NOT NULL CHECK (source_system ~ '^[a-z][a-z0-9-]{1,49}$'),
    source_connection_id uuid NOT NULL,
    change_seq bigint NOT NULL CHECK (change_seq > 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, customer_id, environment, reference),
    FOREIGN KEY (partner_id, customer_id, environment) REFERENCES environments (partner_id, customer_id, kind) ON DELETE CASCADE
);
CREATE INDEX hub_orders_changes ON hub_orders (partner_id, customer_id, environment, change_seq);

CALL isolate_tenant_table('hub_orders', 'customer_id', 'SELECT, INSERT, UPDATE');

-- ---------------------------------------------------------------------------------------------
-- Cross-references: a record of ours (entity kind + our key: an SKU, an order reference) and
-- its id in one connection's system. Unique both ways within a customer's environment: one id
-- in a connection names one record of ours (the primary key), and one record of ours has one id
-- per connection (the UNIQUE). Connection, not system: a customer with two shops has order 23
-- in each. Deleting a connection deletes its cross-references — its ids name nothing we can
-- reach any more.

CREATE TABLE hub_xrefs (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'production')),
    entity text NOT NULL CHECK (entity IN ('item', 'order', 'customer', 'refund', 'shipment')),
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    -- The connection's kind, which is the system whose ids its records carry (ConnectorKind.system).
    system text NOT NULL CHECK (system ~ '^[a-z][a-z0-9-]{1,49}$'),
    connection_id uuid NOT NULL,
    -- ExternalID.id, exact (ExternalID.maxLength).
    external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hub_xrefs_pkey PRIMARY KEY (partner_id, customer_id, environment, entity, connection_id, external_id),
    CONSTRAINT hub_xrefs_one_id_per_connection UNIQUE (partner_id, customer_id, environment, entity, key, connection_id),
    CONSTRAINT hub_xrefs_connection FOREIGN KEY (partner_id, customer_id, environment, connection_id, system)
        REFERENCES connections (partner_id, customer_id, environment_kind, id, kind) ON DELETE CASCADE
);
-- "Where is order 123?" arrives with a system and an id, not a connection.
CREATE INDEX hub_xrefs_by_system_id ON hub_xrefs (partner_id, customer_id, environment, system, external_id);

CALL isolate_tenant_table('hub_xrefs', 'customer_id', 'SELECT, INSERT, DELETE');
