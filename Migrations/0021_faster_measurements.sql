-- Measurements at the rate messages arrive in bulk (issue 7, `make bench-sla`): the same facts
-- and the same rollups as Migrations/0016, recorded and folded with less work per message.
--
-- 1. The triggers that turn messages and attempts into events run once per statement, over the
--    statement's transition tables (PostgreSQL docs, CREATE TRIGGER, "REFERENCING"), instead of
--    once per row: a COPY, a file drop or a replay of thousands of messages appends their
--    events with one INSERT … SELECT. Still in the transaction that makes the fact.
-- 2. The fold finds the events it takes through the primary key. `id IN (SELECT … LIMIT n)` let
--    the planner hash the n ids and scan every waiting event to match them, so with a backlog
--    (a bulk load, a worker pool back after an outage) each batch cost as much as the whole
--    backlog. A batch's latency bucket is computed once per event, not once per grain, and the
--    batch is grouped in memory rather than sorted on disk.
-- 3. latency_bucket takes the logarithm in float8: numeric's log cost 25 µs a call, more than
--    the rest of an event's fold. latency_histogram_sum walks only the smaller histogram (a
--    batch's few buckets) and overwrites those keys in the larger one: 22 µs, not 50. A row
--    that had no latencies takes the batch's histogram as it is.

-- The same buckets as before (Migrations/0016): float8's log10 is exact at powers of ten, and
-- elsewhere off by about 1e-16 relative, which moves a value across a bucket boundary only if
-- the value lies within 1e-6 of the boundary 10^(b/20). Boundaries other than powers of ten are
-- irrational, so only the integers next to a boundary could move; MessageRollupsTests checks
-- every one of them against Swift's integer-exact LatencyHistogram.bucket(ofMilliseconds:).
CREATE OR REPLACE FUNCTION latency_bucket(milliseconds bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN milliseconds < 1 THEN 0
                WHEN milliseconds >= 100000000 THEN 161
                ELSE 1 + floor(20 * log(milliseconds::float8))::integer END;

-- Adds histogram b (a batch's, a few buckets) to a (a rollup row's): b's buckets summed with
-- a's, then put over a's (jsonb's || keeps the right-hand value of a key in both).
CREATE OR REPLACE FUNCTION latency_histogram_sum(a jsonb, b jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN a || COALESCE((SELECT jsonb_object_agg(key, COALESCE((a ->> key)::bigint, 0) + value::bigint)
                          FROM jsonb_each_text(b)), '{}');

DROP TRIGGER messages_received ON messages;
DROP TRIGGER message_attempts_outcome ON message_attempts;
DROP FUNCTION record_message_received();
DROP FUNCTION record_attempt_outcome();

-- A message is received when its row is inserted (webhook intake, a poll, a file, a replay).
CREATE FUNCTION record_messages_received() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO message_events (partner_id, customer_id, environment_id, environment_kind, flow, event, at)
    SELECT partner_id, customer_id, environment_id, environment_kind, flow, 'received', received_at
    FROM received_messages;
    RETURN NULL;
END
$$;
CREATE TRIGGER messages_received AFTER INSERT ON messages
    REFERENCING NEW TABLE AS received_messages
    FOR EACH STATEMENT EXECUTE FUNCTION record_messages_received();

-- The event an attempt's outcome is: a retry is a failed attempt; the rest keep their name.
CREATE FUNCTION message_event_of(outcome text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE outcome WHEN 'retrying' THEN 'failed' ELSE outcome END;

-- Receipt to delivery in whole milliseconds, for delivered attempts only.
CREATE FUNCTION message_latency_ms(outcome text, received_at timestamptz, finished_at timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN outcome = 'delivered'
                THEN greatest(0, floor(extract(epoch FROM finished_at - received_at) * 1000))::bigint END;

-- An attempt's outcome is written once: inserted finished (a bulk load, an import), or set on a
-- running attempt (Messages.finishAttempt, or an abandoned attempt closed as a transient
-- failure). Its time is the attempt's own finished_at — the workers' clock, which tests
-- inject — not now(). Skipped messages are not measured: nothing was asked of the platform.
-- An insert counts the attempts inserted with an outcome; an update, those whose outcome was
-- NULL before the statement and is set after it.
CREATE FUNCTION record_attempt_outcomes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO message_events (partner_id, customer_id, environment_id, environment_kind, flow, event, at, latency_ms)
        SELECT a.partner_id, a.customer_id, m.environment_id, m.environment_kind, m.flow, message_event_of(a.outcome),
               a.finished_at, message_latency_ms(a.outcome, m.received_at, a.finished_at)
        FROM attempts_after a
        JOIN messages m ON m.partner_id = a.partner_id AND m.id = a.message_id
        WHERE a.outcome IS NOT NULL AND a.outcome <> 'skipped';
    ELSE
        INSERT INTO message_events (partner_id, customer_id, environment_id, environment_kind, flow, event, at, latency_ms)
        SELECT a.partner_id, a.customer_id, m.environment_id, m.environment_kind, m.flow, message_event_of(a.outcome),
               a.finished_at, message_latency_ms(a.outcome, m.received_at, a.finished_at)
        FROM attempts_after a
        JOIN attempts_before b ON b.partner_id = a.partner_id AND b.message_id = a.message_id AND b.number = a.number
        JOIN messages m ON m.partner_id = a.partner_id AND m.id = a.message_id
        WHERE b.outcome IS NULL AND a.outcome IS NOT NULL AND a.outcome <> 'skipped';
    END IF;
    RETURN NULL;
END
$$;
-- Transition tables need one trigger per event (and no column list on UPDATE); both share
-- the function above.
CREATE TRIGGER message_attempts_finished_on_insert AFTER INSERT ON message_attempts
    REFERENCING NEW TABLE AS attempts_after
    FOR EACH STATEMENT EXECUTE FUNCTION record_attempt_outcomes();
CREATE TRIGGER message_attempts_finished_on_update AFTER UPDATE ON message_attempts
    REFERENCING OLD TABLE AS attempts_before NEW TABLE AS attempts_after
    FOR EACH STATEMENT EXECUTE FUNCTION record_attempt_outcomes();

-- Folds up to `batch` events into the rollups; returns how many it folded. Runs in the platform
-- scope (the events of every partner). Rows are grouped before the upsert, so no rollup row is
-- touched twice by one statement; each fact is counted once because the events taken are
-- deleted in the same statement (SKIP LOCKED hands each to one of two concurrent folds).
CREATE OR REPLACE FUNCTION fold_message_events(batch integer) RETURNS integer
    LANGUAGE plpgsql
    -- A batch of 50,000 events makes some 200,000 grain rows to group: in memory, not on disk.
    SET work_mem = '64MB'
    AS $$
DECLARE
    folded integer;
BEGIN
    WITH taken AS (
        DELETE FROM message_events
        WHERE id = ANY (ARRAY(SELECT id FROM message_events ORDER BY id LIMIT batch FOR UPDATE SKIP LOCKED))
        RETURNING partner_id, customer_id, environment_id, environment_kind, flow, event, at, latency_ms,
                  latency_bucket(latency_ms) AS latency_bucket
    ), bucketed AS (
        -- A month's row is every flow's together (flow '*'): what reads months wants the
        -- customer's total, and merging per-flow histograms for every customer costs more than
        -- the whole rest of the partner's page.
        SELECT t.partner_id, t.customer_id, t.environment_id, t.environment_kind,
               CASE WHEN g.grain = 'month' THEN '*' ELSE t.flow END AS flow, t.event, t.latency_ms, t.latency_bucket,
               g.grain, date_trunc(g.grain, t.at, 'UTC') AS bucket_start
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
        SELECT partner_id, customer_id, grain, bucket_start, environment_id, flow, latency_bucket, count(*) AS n
        FROM bucketed WHERE event = 'delivered'
        GROUP BY partner_id, customer_id, grain, bucket_start, environment_id, flow, latency_bucket
    ), histograms AS (
        SELECT partner_id, customer_id, grain, bucket_start, environment_id, flow,
               jsonb_object_agg(latency_bucket::text, n) AS latency
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
            -- Most rows gain their first latencies (a minute's receipts came in an earlier
            -- batch than their deliveries): then there is nothing to add up.
            latency = CASE WHEN EXCLUDED.latency = '{}' THEN r.latency
                           WHEN r.latency = '{}' THEN EXCLUDED.latency
                           ELSE latency_histogram_sum(r.latency, EXCLUDED.latency) END
        RETURNING 1
    )
    SELECT count(*) INTO folded FROM taken;
    RETURN folded;
END
$$;
