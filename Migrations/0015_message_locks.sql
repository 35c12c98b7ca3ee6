-- One message at a time per flow and reference (issue 6 §8, "webhooks and polling overlap"): a
-- webhook and a poll that both saw order 123 are two messages, and a step looks the sale up by
-- our reference before it creates one — but two workers running them at the same moment would
-- both look, both find nothing, and both create. The processor holds this row while a message's
-- step runs; another message of the same flow and reference waits (its job snoozes) until it is
-- released. A holder that died leaves the row until it expires, or until the same message's
-- retry takes it over.
CREATE TABLE message_locks (
    partner_id uuid NOT NULL,
    lock_key text NOT NULL CHECK (length(lock_key) BETWEEN 1 AND 300),
    message_id uuid NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (partner_id, lock_key)
);
CALL isolate_tenant_table('message_locks', NULL, 'SELECT, INSERT, UPDATE, DELETE');
