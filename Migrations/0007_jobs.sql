-- Jobs: the PostgreSQL queue, its limits, the maintenance leader and stored schedules (issue 6 §1;
-- DESIGN.md "Messages and the worker pool"). Module Jobs knows nothing of flows: a job is a kind,
-- a JSON payload, a fairness key (whose backlog must not starve the others) and an optional limit
-- key (whose concurrency and rate are bounded across every worker process).
--
-- States (Sources/Jobs/JobState.swift):
--   available  waiting for run_at; a snoozed job is available with a later run_at
--   running    claimed under a lease (lease_owner until lease_expires_at)
--   retrying   failed, waits for run_at (back-off); claimable like available once due
--   completed  done; completed_with_exception marks a business outcome the handler accepted
--   cancelled  withdrawn before it finished
--   dead       attempts exhausted or a permanent error; operators may retry it
--
-- Every job belongs to a partner: platform jobs (maintenance, schedules of the operator) belong
-- to the platform partner of Migrations/0001. partner_id is NOT NULL, although the brief allowed
-- NULL for platform jobs, because a distributed table (Citus) refuses NULL in its distribution
-- column and the primary key must include it (DESIGN.md "PostgreSQL").

-- The platform partner's id, for jobs enqueued with no partner. SECURITY DEFINER: the caller may
-- be a partner-scoped transaction that cannot see the platform's row.
CREATE FUNCTION jobs_platform_partner_id() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$ SELECT id FROM partners WHERE kind = 'platform' $$;
GRANT EXECUTE ON FUNCTION jobs_platform_partner_id() TO counterpart_app, counterpart_viewer, counterpart_platform;

CREATE TABLE jobs (
    partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    -- bigint, not uuid_v7(): ids travel in batches (int8[]) on every claim and completion, and
    -- an identity is ordered, compact and costs no PL/pgSQL call per insert.
    id bigint GENERATED ALWAYS AS IDENTITY,
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9._-]{0,99}$'),
    payload jsonb NOT NULL DEFAULT '{}',
    fairness_key text NOT NULL DEFAULT '' CHECK (length(fairness_key) <= 200),
    limit_key text CHECK (length(limit_key) BETWEEN 1 AND 200),
    priority smallint NOT NULL DEFAULT 0,
    state text NOT NULL DEFAULT 'available'
        CHECK (state IN ('available', 'running', 'retrying', 'completed', 'cancelled', 'dead')),
    run_at timestamptz NOT NULL,
    attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts integer NOT NULL DEFAULT 10 CHECK (max_attempts BETWEEN 1 AND 1000),
    unique_key text CHECK (length(unique_key) BETWEEN 1 AND 300),
    lease_owner text,
    lease_expires_at timestamptz,
    attempted_at timestamptz,
    finished_at timestamptz,
    -- transient, permanent, business, lease_expired, cancelled (JobErrorClass).
    last_error_class text,
    last_error text CHECK (length(last_error) <= 4000),
    completed_with_exception boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (partner_id, id),
    CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);
-- Idempotent enqueue: one job per (partner, unique key), kept until the cleaner removes it.
CREATE UNIQUE INDEX jobs_unique_key ON jobs (partner_id, unique_key) WHERE unique_key IS NOT NULL;
-- The claim walks fairness keys, then each key's most urgent due jobs (JobQueue+Claim.swift).
CREATE INDEX jobs_claimable ON jobs (fairness_key, priority DESC, run_at, id) WHERE state IN ('available', 'retrying');
-- The rescuer's and the concurrency limit's view of running jobs.
CREATE INDEX jobs_running ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_running_limit ON jobs (limit_key) WHERE state = 'running' AND limit_key IS NOT NULL;
-- Operators' bulk retry of the dead, and the cleaner.
CREATE INDEX jobs_finished ON jobs (state, finished_at) WHERE state IN ('completed', 'cancelled', 'dead');
-- A queue table is updated constantly: leave room on each page for HOT updates.
ALTER TABLE jobs SET (fillfactor = 80);

CALL isolate_tenant_table('jobs', NULL, 'SELECT, INSERT, UPDATE, DELETE');

-- Round-robin between fairness keys: the claim serves the keys with due work least recently
-- served first (a NULL turn, never served, before all). Only claims that chose among several keys
-- write here, so a single busy key costs no extra write per claim.
CREATE SEQUENCE job_fairness_turns;
CREATE TABLE job_fairness (
    fairness_key text PRIMARY KEY,
    served_turn bigint NOT NULL
);

-- Limits per limit key (an upstream credential, a tier bucket), fed by App: at most
-- max_running jobs running at once, and a token bucket of rate_per_second with room for burst.
CREATE TABLE job_limits (
    limit_key text PRIMARY KEY CHECK (length(limit_key) BETWEEN 1 AND 200),
    max_running integer CHECK (max_running >= 0),
    rate_per_second double precision CHECK (rate_per_second > 0),
    burst integer NOT NULL DEFAULT 1 CHECK (burst >= 1),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The token bucket's state per limit key. Its row is also the lock that serialises claims of one
-- limit key across processes, so the running count the claim reads cannot be raced.
-- not_before: an upstream's Retry-After pushed it; nothing with this key is claimed before.
CREATE TABLE job_rate_limits (
    limit_key text PRIMARY KEY,
    tokens double precision NOT NULL,
    refilled_at timestamptz NOT NULL,
    not_before timestamptz
);

-- The maintenance leader: one row per duty, held by one process until expires_at.
CREATE TABLE job_leader (
    name text PRIMARY KEY,
    leader_id text NOT NULL,
    elected_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

-- Stored schedules: each enqueues its job once per due time (unique key schedule + due time).
CREATE TABLE job_schedules (
    partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9:._/-]{0,199}$'),
    cron text NOT NULL CHECK (length(cron) BETWEEN 1 AND 200),
    time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 100),
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9._-]{0,99}$'),
    payload jsonb NOT NULL DEFAULT '{}',
    fairness_key text NOT NULL DEFAULT '',
    limit_key text,
    priority smallint NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 10 CHECK (max_attempts BETWEEN 1 AND 1000),
    -- A due time found later than this is a missed run (raised in job_schedule_misses).
    grace_seconds integer NOT NULL DEFAULT 300 CHECK (grace_seconds >= 0),
    enabled boolean NOT NULL DEFAULT true,
    next_due_at timestamptz NOT NULL,
    last_enqueued_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, name)
);
CREATE INDEX job_schedules_due ON job_schedules (next_due_at) WHERE enabled;
CALL isolate_tenant_table('job_schedules', NULL, 'SELECT, INSERT, UPDATE, DELETE');

-- Missed runs, for Monitoring to alert on: due times the scheduler found past their grace.
CREATE TABLE job_schedule_misses (
    partner_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    schedule_name text NOT NULL,
    first_missed_at timestamptz NOT NULL,
    last_missed_at timestamptz NOT NULL,
    missed_count integer NOT NULL CHECK (missed_count >= 1),
    detected_at timestamptz NOT NULL,
    PRIMARY KEY (partner_id, id),
    FOREIGN KEY (partner_id, schedule_name) REFERENCES job_schedules (partner_id, name) ON DELETE CASCADE
);
CALL isolate_tenant_table('job_schedule_misses', NULL, 'SELECT, INSERT');

-- The queue's own tables are infrastructure, not tenant data: workers reach them in the platform
-- role. App's limits are set there too.
GRANT SELECT, INSERT, UPDATE, DELETE ON job_fairness, job_limits, job_rate_limits, job_leader TO counterpart_platform;
GRANT USAGE ON SEQUENCE job_fairness_turns TO counterpart_platform;
