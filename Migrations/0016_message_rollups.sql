-- Measurements from facts (issue 7 §1): what happened to messages, counted per customer,
-- environment, flow and minute/hour/day, with latency histograms, so that any window's counts
-- and percentiles come from a few rollup rows instead of a scan of the messages.
--
-- How the counts stay exact without a hot row:
--   1. Triggers append one `message_events` row per fact, in the transaction that makes the
--      fact (a message received; an attempt finished delivered, failed, in exception or dead).
--      Appending never waits on another transaction, so webhook intake and the workers do not
--      queue behind one customer's counter row.
--   2. The workers fold events into `message_rollups` (fold_message_events below): the events
--      taken are deleted and their sums added in one transaction, so each fact is counted once,
--      even when two folds run at the same time (SKIP LOCKED hands each event to one of them).
-- Times are bucketed in UTC: the SLA month is the calendar month in UTC, as the billing period
-- is (Swift's BillingMonth).

-- ---------------------------------------------------------------------------------------------
-- Latency buckets: log-linear, 20 per decade from 1 ms (each bucket's upper bound is 12.2% above
-- its lower bound). Bucket 0 is under 1 ms; bucket b in 1…160 holds [10^((b-1)/20), 10^(b/20)) ms;
-- bucket 161 is 10^8 ms (about 28 hours) and more. Swift's LatencyHistogram reads them with
-- the same rule; this function is the only place a latency becomes a bucket.

CREATE FUNCTION latency_bucket(milliseconds bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    -- numeric log is exact at powers of ten, so 1000 ms falls in bucket 61, not 60.
    RETURN CASE WHEN milliseconds < 1 THEN 0
                WHEN milliseconds >= 100000000 THEN 161
                ELSE 1 + floor(20 * log(milliseconds::numeric))::integer END;

-- Adds two sparse histograms ({"bucket": count, …}).
CREATE FUNCTION latency_histogram_sum(a jsonb, b jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (SELECT COALESCE(jsonb_object_agg(key, total), '{}'::jsonb)
            FROM (SELECT key, sum(value::bigint) AS total
                  FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) AS both_sides
                  GROUP BY key) AS summed);

-- ---------------------------------------------------------------------------------------------
-- The facts, waiting to be folded. Short-lived: a fold deletes what it counts.

CREATE TABLE message_events (
    partner_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    customer_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    environment_kind text NOT NULL,
    flow text NOT NULL,
    event text NOT NULL CHECK (event IN ('received', 'delivered', 'failed', 'exception', 'dead')),
    at timestamptz NOT NULL,
    -- From receipt to delivery; delivered events only.
    latency_ms bigint CHECK ((event = 'delivered') = (latency_ms IS NOT NULL)),
    PRIMARY KEY (id)
);
CALL isolate_tenant_table('message_events', 'customer_id', 'SELECT, INSERT');
GRANT SELECT, UPDATE, DELETE ON message_events TO counterpart_platform;

-- A message is received when its row is inserted (webhook intake, a poll, a file, a replay).
CREATE FUNCTION record_message_received() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO message_events (partner_id, customer_id, environment_id, environment_kind, flow, event, at)
    VALUES (NEW.partner_id, NEW.customer_id, NEW.environment_id, NEW.environment_kind, NEW.flow, 'received',
            NEW.received_at);
    RETURN NULL;
END
$$;
CREATE TRIGGER messages_received AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION record_message_received();

-- An attempt's outcome is written once (Messages.finishAttempt, or an abandoned attempt closed
-- as a transient failure). Its time is the attempt's own finished_at — the workers' clock, which
-- tests inject — not now(). Skipped messages are not measured: nothing was asked of the platform.
CREATE FUNCTION record_attempt_outcome() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    message record;
BEGIN
    IF NEW.outcome IS NULL OR NEW.outcome = 'skipped' OR (TG_OP = 'UPDATE' AND OLD.outcome IS NOT NULL) THEN
        RETURN NULL;
    END IF;
    SELECT environment_id, environment_kind, flow, received_at INTO message
    FROM messages WHERE partner_id = NEW.partner_id AND id = NEW.message_id;
    INSERT INTO message_events (partner_id, customer_id, environment_id, environment_kind, flow, event, at, latency_ms)
    VALUES (NEW.partner_id, NEW.customer_id, message.environment_id, message.environment_kind, message.flow,
            CASE NEW.outcome WHEN 'retrying' THEN 'failed' ELSE NEW.outcome END, NEW.finished_at,
            CASE WHEN NEW.outcome = 'delivered'
                 THEN greatest(0, floor(extract(epoch FROM NEW.finished_at - message.received_at) * 1000))::bigint END);
    RETURN NULL;
END
$$;
CREATE TRIGGER message_attempts_outcome AFTER INSERT OR UPDATE OF outcome ON message_attempts
    FOR EACH ROW EXECUTE FUNCTION record_attempt_outcome();

-- ---------------------------------------------------------------------------------------------
-- The rollups. One row per customer, environment, flow, grain and bucket. Minutes serve short
-- windows (alerts, today's charts); hours serve incidents and ranges; days serve a month's
-- charts and any range of whole days; months serve the partner's page of every customer and a
-- customer's last twelve months. Kept when messages are purged: they are the record the SLA
-- reports stand on.

CREATE TABLE message_rollups (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    grain text NOT NULL CHECK (grain IN ('minute', 'hour', 'day', 'month')),
    bucket_start timestamptz NOT NULL,
    environment_id uuid NOT NULL,
    environment_kind text NOT NULL CHECK (environment_kind IN ('sandbox', 'production')),
    flow text NOT NULL,
    received bigint NOT NULL DEFAULT 0 CHECK (received >= 0),
    delivered bigint NOT NULL DEFAULT 0 CHECK (delivered >= 0),
    -- Attempts that failed and will be tried again.
    failed bigint NOT NULL DEFAULT 0 CHECK (failed >= 0),
    exception bigint NOT NULL DEFAULT 0 CHECK (exception >= 0),
    dead bigint NOT NULL DEFAULT 0 CHECK (dead >= 0),
    latency_sum_ms bigint NOT NULL DEFAULT 0 CHECK (latency_sum_ms >= 0),
    -- Delivered messages by latency bucket (latency_bucket above): {"61": 12, "64": 3}.
    latency jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (partner_id, customer_id, grain, bucket_start, environment_id, flow)
);
CALL isolate_tenant_table('message_rollups', 'customer_id', 'SELECT');
GRANT INSERT, UPDATE, DELETE ON message_rollups TO counterpart_platform;
-- The partner's at-risk page reads one month of every customer.
CREATE INDEX message_rollups_partner_months ON message_rollups (partner_id, bucket_start)
    WHERE grain = 'month';

-- Folds up to `batch` events into the rollups; returns how many it folded. Runs in the platform
-- scope (the events of every partner). Rows are grouped before the upsert, so no rollup row is
-- touched twice by one statement.
CREATE FUNCTION fold_message_events(batch integer) RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
    folded integer;
BEGIN
    WITH taken AS (
        DELETE FROM message_events
        WHERE id IN (SELECT id FROM message_events ORDER BY id LIMIT batch FOR UPDATE SKIP LOCKED)
        RETURNING *
    ), bucketed AS (
        SELECT t.*, g.grain, date_trunc(g.grain, t.at, 'UTC') AS bucket_start
        FROM taken t CROSS JOIN (VALUES ('minute'), ('hour'), ('day'), ('month')) AS g (grain)
    ), counts AS (
        SELECT partner_id, customer_id, grain, bucket_start, environment_id, environment_kind, flow,
               count(*) FILTER (WHERE event = 'received') AS received,
               count(*) FILTER (WHERE event = 'delivered') AS delivered,
               count(*) FILTER (WHERE event = 'failed') AS failed,
               count(*) FILTER (WHERE event = 'exception') AS exception,
               count(*) FILTER (WHERE event = 'dead') AS dead,
               COALESCE(sum(latency_ms), 0) AS latency_sum_ms
        FROM bucketed GROUP BY partner_id, customer_id, grain, bucket_start, environment_id, environment_kind, flow
    ), per_latency_bucket AS (
        SELECT partner_id, customer_id, grain, bucket_start, environment_id, flow,
               latency_bucket(latency_ms) AS bucket, count(*) AS n
        FROM bucketed WHERE event = 'delivered'
        GROUP BY partner_id, customer_id, grain, bucket_start, environment_id, flow, latency_bucket(latency_ms)
    ), histograms AS (
        SELECT partner_id, customer_id, grain, bucket_start, environment_id, flow,
               jsonb_object_agg(bucket::text, n) AS latency
        FROM per_latency_bucket GROUP BY partner_id, customer_id, grain, bucket_start, environment_id, flow
    ), upserted AS (
        INSERT INTO message_rollups AS r (partner_id, customer_id, grain, bucket_start, environment_id, environment_kind,
                                          flow, received, delivered, failed, exception, dead, latency_sum_ms, latency)
        SELECT c.partner_id, c.customer_id, c.grain, c.bucket_start, c.environment_id, c.environment_kind, c.flow,
               c.received, c.delivered, c.failed, c.exception, c.dead, c.latency_sum_ms, COALESCE(h.latency, '{}')
        FROM counts c LEFT JOIN histograms h USING (partner_id, customer_id, grain, bucket_start, environment_id, flow)
        -- One order for every fold, so two folds meeting on the same rows wait rather than deadlock.
        ORDER BY c.partner_id, c.customer_id, c.grain, c.bucket_start, c.environment_id, c.flow
        ON CONFLICT (partner_id, customer_id, grain, bucket_start, environment_id, flow) DO UPDATE SET
            received = r.received + EXCLUDED.received,
            delivered = r.delivered + EXCLUDED.delivered,
            failed = r.failed + EXCLUDED.failed,
            exception = r.exception + EXCLUDED.exception,
            dead = r.dead + EXCLUDED.dead,
            latency_sum_ms = r.latency_sum_ms + EXCLUDED.latency_sum_ms,
            latency = CASE WHEN EXCLUDED.latency = '{}' THEN r.latency
                           ELSE latency_histogram_sum(r.latency, EXCLUDED.latency) END
        RETURNING 1
    )
    SELECT count(*) INTO folded FROM taken;
    RETURN folded;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Availability (issue 7 §1): a minute is available to a customer when the platform was up to
-- accept (a web node beat) and to process (a worker node beat), and refused none of the
-- customer's deliveries for its own reasons (a 5xx: the database away, every handler busy).
-- A platform that is down writes nothing, so the missing beat is the fact that says so.

CREATE TABLE platform_heartbeats (
    minute timestamptz NOT NULL CHECK (minute = date_trunc('minute', minute, 'UTC')),
    role text NOT NULL CHECK (role IN ('web', 'worker')),
    PRIMARY KEY (minute, role)
);
-- Not tenant data: every scope reads it, the platform scope writes it.
GRANT SELECT ON platform_heartbeats TO counterpart_app, counterpart_viewer, counterpart_platform;
GRANT INSERT ON platform_heartbeats TO counterpart_platform;

-- Up minutes per hour (both roles beat), summarised from the heartbeats by the workers so a
-- year of availability reads 8,760 rows, not a million. The current hour is summarised again
-- every minute; an hour with no row had no minute up.
CREATE TABLE platform_hours (
    hour timestamptz PRIMARY KEY CHECK (hour = date_trunc('hour', hour, 'UTC')),
    up_minutes integer NOT NULL CHECK (up_minutes BETWEEN 0 AND 60)
);
GRANT SELECT ON platform_hours TO counterpart_app, counterpart_viewer, counterpart_platform;
GRANT INSERT, UPDATE ON platform_hours TO counterpart_platform;

CREATE TABLE ingress_refusals (
    partner_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    minute timestamptz NOT NULL CHECK (minute = date_trunc('minute', minute, 'UTC')),
    refused bigint NOT NULL CHECK (refused > 0),
    -- The last refusal's reason in that minute, for the incident's cause.
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 400),
    PRIMARY KEY (partner_id, customer_id, minute)
);
CALL isolate_tenant_table('ingress_refusals', 'customer_id', 'SELECT');
GRANT INSERT, UPDATE ON ingress_refusals TO counterpart_platform;

-- ---------------------------------------------------------------------------------------------
-- What a customer's tier promises (targets only, never prices) for a period starting on
-- `period_start`: the customer's tier with the terms in force that day. Tier terms are the
-- partner's rows, which customer viewers cannot read (0002); a viewer still sees the targets
-- their own SLA is measured against. The caller must be the customer's partner, that customer's
-- viewer, or the platform.
CREATE FUNCTION customer_sla_targets(partner uuid, customer uuid, period_start date)
    RETURNS TABLE (tier_code text, tier_name text, tier_position integer, success_rate numeric, p95_latency_ms integer,
                   availability numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$
        SELECT t.code, t.name, t.position, tt.sla_success_rate, tt.sla_p95_latency_ms, tt.sla_availability
        FROM customers c
        JOIN tiers t ON t.partner_id = c.partner_id AND t.code = c.tier_code
        JOIN LATERAL (SELECT x.sla_success_rate, x.sla_p95_latency_ms, x.sla_availability FROM tier_terms x
                      WHERE x.partner_id = t.partner_id AND x.code = t.code
                      -- In force that day; for a period before the tier had terms, its first.
                      ORDER BY x.effective_from <= period_start DESC,
                               CASE WHEN x.effective_from <= period_start THEN x.effective_from END DESC,
                               x.effective_from
                      LIMIT 1) tt ON true
        WHERE c.partner_id = partner AND c.id = customer
          AND (current_setting('role') = 'counterpart_platform'
               OR (c.partner_id = app_partner_id() AND (app_customer_id() IS NULL OR c.id = app_customer_id())))
    $$;
REVOKE ALL ON FUNCTION customer_sla_targets(uuid, uuid, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_sla_targets(uuid, uuid, date) TO counterpart_app, counterpart_viewer, counterpart_platform;

-- ---------------------------------------------------------------------------------------------
-- Live queue state per customer and flow (depth, oldest waiting) and an incident's causes read
-- messages through these two partial indexes: only waiting or failed rows are in them.
CREATE INDEX messages_waiting ON messages (partner_id, customer_id, flow, received_at)
    WHERE status IN ('received', 'retrying', 'processing');
CREATE INDEX messages_failures ON messages (partner_id, customer_id, finished_at)
    WHERE status IN ('exception', 'dead');
