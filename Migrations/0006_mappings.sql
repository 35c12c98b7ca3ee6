-- Mappings: per customer and flow, how a system's records become canonical records (issue 5
-- §8), versioned; and the customer's lookup tables the mappings read (SKU cross-references).
-- The document format is Flows' `Mapping` (Sources/Flows/Mapping/Mapping+JSON.swift).
--
-- Same rules as 0001: partner_id leads every key so the tables distribute by partner, and
-- row-level security through isolate_tenant_table. Rows belong to a customer, so a customer
-- viewer's transaction could only ever reach its own customer's (the application does not
-- grant viewers the mapping permissions at all).

-- One row per saved version. Versions are immutable: a change is a new version, a restore is
-- a new version with the old document, so the history says exactly what ran when. The
-- current version is the highest.
CREATE TABLE mapping_versions (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    -- Flows' FlowKind raw value (`order-to-erp`).
    flow text NOT NULL CHECK (flow ~ '^[a-z][a-z0-9-]{0,62}$'),
    version integer NOT NULL CHECK (version >= 1),
    document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    note text CHECK (length(note) <= 500),
    -- The version whose document this one restored, if it is a restore.
    restored_from integer CHECK (restored_from >= 1 AND restored_from < version),
    -- Who saved it; the user may be NULL for the command line, the e-mail never is.
    author_user_id uuid,
    author_email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, customer_id, flow, version),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);

CALL isolate_tenant_table('mapping_versions', 'customer_id', 'SELECT, INSERT');

-- Immutable even for the owner by accident, as the audit log is.
CREATE FUNCTION mapping_versions_are_immutable() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'mapping versions are immutable; save a new version' USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER mapping_versions_immutable BEFORE UPDATE ON mapping_versions
    FOR EACH STATEMENT EXECUTE FUNCTION mapping_versions_are_immutable();

-- A customer's lookup tables: key → value, replaced as a whole by each import (a CSV file is
-- the unit people edit), so a table is never half one file and half another.
CREATE TABLE lookup_tables (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    -- Flows' MappingName rule, which the mappings' `lookup <name>` uses.
    name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
    -- {"key": "value", …}
    rows jsonb NOT NULL CHECK (jsonb_typeof(rows) = 'object'),
    row_count integer NOT NULL CHECK (row_count >= 0),
    imported_at timestamptz NOT NULL,
    imported_by_user_id uuid,
    imported_by_email text NOT NULL,
    PRIMARY KEY (partner_id, customer_id, name),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);

CALL isolate_tenant_table('lookup_tables', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');
