-- Tenancy: the platform, partners, their customers and environments, users, sessions, API
-- tokens, the audit log, encryption keys and secrets (issue 3; DESIGN.md "Tenancy",
-- "PostgreSQL").
--
-- Two rules shape every table here:
-- 1. Every tenant table carries partner_id, and its primary key, unique constraints and foreign
--    keys all include it, so the schema distributes by partner (Citus) unchanged.
-- 2. Isolation is PostgreSQL's job, not only the application's: row-level security on every
--    tenant table, with policies reading app.partner_id / app.customer_id, which each request
--    sets with SET LOCAL (set_config(…, true)) inside its transaction. Migrations run as the
--    schema's owner; the server connects as `counterpart_app`, which owns nothing. Each
--    transaction takes one of three roles, and each role has exactly one policy per table:
--      counterpart_app       (partner scope)   partner_id = app.partner_id
--      counterpart_viewer    (customer scope)  partner_id = app.partner_id AND customer = app.customer_id
--      counterpart_platform  (platform scope)  every row: the platform admin's explicit path
--    One plain equality per role (no OR between scopes) is what lets the planner use the
--    (partner_id, …) indexes with honest row estimates: an OR-ed policy turned a 0.2 ms page of
--    customers into a 6 ms sort of all of them.

-- The roles are the DBA's to create (deploy/README.md, "Database roles"; the local cluster's
-- script does it): counterpart_viewer and counterpart_platform NOLOGIN, counterpart_app LOGIN
-- NOINHERIT and granted both — NOINHERIT so the other roles' policies do not apply to it until
-- a transaction switches with SET LOCAL ROLE. Migrations need no CREATEROLE.
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(name, ', ') INTO missing
    FROM unnest(ARRAY['counterpart_app', 'counterpart_viewer', 'counterpart_platform']) AS name
    WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'database roles missing: %', missing
            USING HINT = 'create counterpart_viewer and counterpart_platform (NOLOGIN) and counterpart_app '
                         '(LOGIN NOINHERIT, granted both) before migrating; see deploy/README.md';
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO counterpart_app, counterpart_viewer, counterpart_platform',
                   current_schema());
END
$$;

GRANT SELECT ON schema_migrations TO counterpart_app;

-- ---------------------------------------------------------------------------------------------
-- The request's tenant, as set by the application. Missing or empty settings mean "none", so a
-- transaction that forgot to set them sees no tenant rows at all rather than every row.

CREATE FUNCTION app_partner_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.partner_id', true), '')::uuid $$;

CREATE FUNCTION app_customer_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.customer_id', true), '')::uuid $$;

-- Time-ordered UUIDs (RFC 9562 §5.7, version 7): 48 bits of Unix milliseconds, then random bits.
-- New rows land at the right-hand edge of the (partner_id, id) indexes, and id order is creation
-- order, which is what cursor pagination walks.
CREATE FUNCTION uuid_v7() RETURNS uuid
    LANGUAGE plpgsql VOLATILE PARALLEL SAFE
    AS $$
DECLARE
    unix_ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
    bytes bytea := uuid_send(gen_random_uuid());
BEGIN
    bytes := overlay(bytes PLACING substring(int8send(unix_ms) FROM 3) FROM 1 FOR 6);
    -- Version 7 in the high nibble of octet 6; gen_random_uuid already set the variant bits.
    bytes := set_byte(bytes, 6, (get_byte(bytes, 6) & 15) | 112);
    RETURN encode(bytes, 'hex')::uuid;
END
$$;

CREATE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

-- Turns on row-level security for a tenant table with its three policies, and grants the same
-- privileges to the three roles (which rows they reach is the policies' business).
-- customer_column: the column naming the row's customer, or NULL for partner-wide tables, whose
-- rows customer viewers never see.
CREATE PROCEDURE isolate_tenant_table(table_name regclass, customer_column name, privileges text)
    LANGUAGE plpgsql
    AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format('CREATE POLICY partner_rows ON %s TO counterpart_app '
                   'USING (partner_id = app_partner_id()) WITH CHECK (partner_id = app_partner_id())', table_name);
    IF customer_column IS NOT NULL THEN
        EXECUTE format('CREATE POLICY customer_rows ON %1$s TO counterpart_viewer '
                       'USING (partner_id = app_partner_id() AND %2$I = app_customer_id()) '
                       'WITH CHECK (partner_id = app_partner_id() AND %2$I = app_customer_id())',
                       table_name, customer_column);
    END IF;
    EXECUTE format('CREATE POLICY platform_rows ON %s TO counterpart_platform USING (true) WITH CHECK (true)',
                   table_name);
    EXECUTE format('GRANT %s ON %s TO counterpart_app, counterpart_viewer, counterpart_platform',
                   privileges, table_name);
END
$$;

-- ---------------------------------------------------------------------------------------------
-- The platform: one row describing the operator, shown on pages no partner owns.

CREATE TABLE platform (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    name text NOT NULL DEFAULT 'Counterpart' CHECK (length(name) BETWEEN 1 AND 200),
    support_email text,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO platform DEFAULT VALUES;
GRANT SELECT ON platform TO counterpart_app, counterpart_viewer, counterpart_platform;

-- ---------------------------------------------------------------------------------------------
-- Partners. The operator itself is the one partner of kind 'platform': platform admins are its
-- users, so sessions, tokens and the audit log need no second code path.

CREATE TABLE partners (
    id uuid PRIMARY KEY DEFAULT uuid_v7(),
    kind text NOT NULL DEFAULT 'reseller' CHECK (kind IN ('platform', 'reseller')),
    -- A DNS label (RFC 1035 §2.3.1), so <slug>.<base domain> is a valid host name.
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    custom_domain text UNIQUE CHECK (custom_domain = lower(custom_domain) AND length(custom_domain) <= 253),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partners_single_platform ON partners (kind) WHERE kind = 'platform';
CREATE TRIGGER partners_updated_at BEFORE UPDATE ON partners FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A partner's own row is its own; creating partners is the platform's.
ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
CREATE POLICY partner_rows ON partners TO counterpart_app
    USING (id = app_partner_id()) WITH CHECK (id = app_partner_id());
CREATE POLICY customer_rows ON partners TO counterpart_viewer
    USING (id = app_partner_id()) WITH CHECK (false);
CREATE POLICY platform_rows ON partners TO counterpart_platform USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON partners TO counterpart_app, counterpart_viewer, counterpart_platform;

-- The operator's own partner: platform admins belong to it, and the base domain shows it.
INSERT INTO partners (kind, slug, name) VALUES ('platform', 'platform', 'Counterpart');

-- Finding the partner for a request's Host happens before any tenant is known. This function
-- answers exactly that question and nothing more, bypassing row-level security as its owner.
CREATE FUNCTION partner_for_host(requested_slug text, requested_domain text)
    RETURNS TABLE (id uuid, kind text, slug text, name text, status text, custom_domain text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$
        SELECT p.id, p.kind, p.slug, p.name, p.status, p.custom_domain
        FROM partners p
        WHERE p.custom_domain = requested_domain OR p.slug = requested_slug
        ORDER BY (p.custom_domain = requested_domain) DESC NULLS LAST
        LIMIT 1
    $$;
REVOKE ALL ON FUNCTION partner_for_host(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION partner_for_host(text, text) TO counterpart_app, counterpart_viewer, counterpart_platform;

-- ---------------------------------------------------------------------------------------------
-- Customers (retailers) and their environments.

CREATE TABLE customers (
    partner_id uuid NOT NULL REFERENCES partners (id),
    id uuid NOT NULL DEFAULT uuid_v7(),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- The partner's tier (issue 4 adds the tiers table and its foreign key).
    tier_code text NOT NULL DEFAULT 'bronze' CHECK (tier_code ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    -- The partner's own reference for the customer (an ERP account number, say).
    external_reference text CHECK (length(external_reference) <= 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id)
);
CREATE UNIQUE INDEX customers_name_per_partner ON customers (partner_id, lower(name));
CREATE TRIGGER customers_updated_at BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('customers', 'id', 'SELECT, INSERT, UPDATE');

CREATE TABLE environments (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    customer_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('sandbox', 'production')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, customer_id, kind),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);

CALL isolate_tenant_table('environments', 'customer_id', 'SELECT, INSERT');

-- Every customer has a sandbox and a production environment from the moment it exists. The
-- trigger runs as the inserting role, so the rows pass the same policies.
CREATE FUNCTION create_customer_environments() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO environments (partner_id, customer_id, kind)
    VALUES (NEW.partner_id, NEW.id, 'sandbox'), (NEW.partner_id, NEW.id, 'production');
    RETURN NEW;
END
$$;
CREATE TRIGGER customers_environments AFTER INSERT ON customers
    FOR EACH ROW EXECUTE FUNCTION create_customer_environments();

-- ---------------------------------------------------------------------------------------------
-- Users, sessions, password resets, log-in attempts.

CREATE TABLE users (
    partner_id uuid NOT NULL REFERENCES partners (id),
    id uuid NOT NULL DEFAULT uuid_v7(),
    email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    role text NOT NULL CHECK (role IN ('platform_admin', 'partner_admin', 'partner_operator', 'customer_viewer')),
    customer_id uuid,
    -- PasswordHasher's PHC string; NULL until the user sets a password through a reset link.
    password_hash text,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    password_changed_at timestamptz,
    last_login_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, email),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id),
    -- Exactly the customer viewers belong to a customer.
    CHECK ((role = 'customer_viewer') = (customer_id IS NOT NULL))
);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('users', 'customer_id', 'SELECT, INSERT, UPDATE');

CREATE TABLE sessions (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    user_id uuid NOT NULL,
    -- SHA-256 of the cookie's value: a copy of this table does not let anyone log in.
    token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    remote_address text,
    user_agent text,
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, token_hash),
    FOREIGN KEY (partner_id, user_id) REFERENCES users (partner_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_by_user ON sessions (partner_id, user_id);

-- Partner-wide: looked up and revoked in the partner's scope; customer viewers never see them.
CALL isolate_tenant_table('sessions', NULL, 'SELECT, INSERT, UPDATE, DELETE');

CREATE TABLE password_resets (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    user_id uuid NOT NULL,
    token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, token_hash),
    FOREIGN KEY (partner_id, user_id) REFERENCES users (partner_id, id) ON DELETE CASCADE
);

CALL isolate_tenant_table('password_resets', NULL, 'SELECT, INSERT, UPDATE');

-- Failed and successful log-ins, for throttling per account and per address. Pruned by age.
CREATE TABLE login_attempts (
    partner_id uuid NOT NULL REFERENCES partners (id),
    id uuid NOT NULL DEFAULT uuid_v7(),
    email text NOT NULL,
    remote_address text NOT NULL,
    succeeded boolean NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id)
);
CREATE INDEX login_attempts_by_email ON login_attempts (partner_id, email, attempted_at);
CREATE INDEX login_attempts_by_address ON login_attempts (partner_id, remote_address, attempted_at);

CALL isolate_tenant_table('login_attempts', NULL, 'SELECT, INSERT, DELETE');

-- ---------------------------------------------------------------------------------------------
-- API tokens: shown once, stored as SHA-256, bound to their creator's tenant and role.

CREATE TABLE api_tokens (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    user_id uuid NOT NULL,
    -- The creator's customer for customer viewers, so the token sees what they see.
    customer_id uuid,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    -- The first characters of the token, to recognise it in lists; never enough to use it.
    display_prefix text NOT NULL,
    token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
    scope text NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, token_hash),
    FOREIGN KEY (partner_id, user_id) REFERENCES users (partner_id, id) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id)
);
CREATE INDEX api_tokens_by_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_by_user ON api_tokens (partner_id, user_id);

CALL isolate_tenant_table('api_tokens', 'customer_id', 'SELECT, INSERT, UPDATE');

-- A bearer token arrives before its tenant is known. This function maps a token's hash to its
-- tenant and creator, nothing more; the request then continues inside that tenant's scope.
CREATE FUNCTION api_token_owner(requested_hash bytea)
    RETURNS TABLE (partner_id uuid, token_id uuid, user_id uuid, customer_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$
        SELECT t.partner_id, t.id, t.user_id, t.customer_id
        FROM api_tokens t
        WHERE t.token_hash = requested_hash
    $$;
REVOKE ALL ON FUNCTION api_token_owner(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_token_owner(bytea) TO counterpart_app, counterpart_viewer, counterpart_platform;

-- ---------------------------------------------------------------------------------------------
-- Idempotency keys for POST in the JSON API: the stored response is replayed for a repeat.

CREATE TABLE idempotency_keys (
    partner_id uuid NOT NULL,
    -- The user (or token's creator) who sent the key: keys are per caller.
    user_id uuid NOT NULL,
    -- The caller's customer for customer viewers: their stored responses stay theirs.
    customer_id uuid,
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_fingerprint bytea NOT NULL,
    -- 0 while the first request is still running (its transaction holds the row).
    response_status integer NOT NULL,
    response_headers jsonb NOT NULL DEFAULT '[]',
    response_body bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (partner_id, user_id, key),
    FOREIGN KEY (partner_id, user_id) REFERENCES users (partner_id, id) ON DELETE CASCADE,
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);

CALL isolate_tenant_table('idempotency_keys', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');

-- ---------------------------------------------------------------------------------------------
-- The audit log: who did what to which row, before and after, written in the same transaction
-- as the change. Append-only: the application role may insert and read, never update or delete,
-- and a trigger stops even the owner from rewriting history by accident.

CREATE TABLE audit_log (
    partner_id uuid NOT NULL REFERENCES partners (id),
    id uuid NOT NULL DEFAULT uuid_v7(),
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- 'user' (portal session), 'api_token', 'platform' (a platform admin acting on this
    -- partner), 'system' (the command line, maintenance).
    actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api_token', 'platform', 'system')),
    actor_user_id uuid,
    actor_email text,
    actor_role text,
    actor_token_id uuid,
    -- The customer the change belongs to, if any: customer viewers see only their customer's.
    customer_id uuid,
    action text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_.]+$'),
    target_type text NOT NULL,
    target_id text,
    before jsonb,
    after jsonb,
    request_id text,
    remote_address text,
    PRIMARY KEY (partner_id, id)
);
CREATE INDEX audit_log_by_time ON audit_log (partner_id, occurred_at, id);
-- Ids are compared without regard to case: UUIDs arrive in either (RFC 9562 §4).
CREATE INDEX audit_log_by_target ON audit_log (partner_id, target_type, lower(target_id));

CALL isolate_tenant_table('audit_log', 'customer_id', 'SELECT, INSERT');

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- ---------------------------------------------------------------------------------------------
-- Encryption keys (metadata only: the keys themselves live outside the database) and the
-- secrets sealed with them (AES-256-GCM; DESIGN.md "Connectors": key id per ciphertext).

CREATE TABLE encryption_keys (
    -- Derived from the key (Keyring in Swift), so a ciphertext names the key that opens it
    -- without revealing anything about it.
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{16}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    first_used_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
);
GRANT SELECT, INSERT, UPDATE ON encryption_keys TO counterpart_app, counterpart_viewer, counterpart_platform;

CREATE TABLE secrets (
    partner_id uuid NOT NULL REFERENCES partners (id),
    id uuid NOT NULL DEFAULT uuid_v7(),
    customer_id uuid,
    -- What the secret is for, e.g. 'connection/<uuid>/consumer_secret'.
    purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 200),
    key_id text NOT NULL REFERENCES encryption_keys (id),
    -- nonce ‖ ciphertext ‖ tag; the additional data binds it to (partner_id, id, purpose).
    sealed bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, purpose),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);
CREATE INDEX secrets_by_key ON secrets (key_id);
CREATE TRIGGER secrets_updated_at BEFORE UPDATE ON secrets FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('secrets', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');
