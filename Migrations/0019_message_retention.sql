-- Retention by tier (issue 7 §6): the platform's daily job deletes each customer's finished
-- messages older than its tier's log_retention_days (Sources/App/RetentionPurge.swift).
--
-- Only the platform role deletes: a partner or a customer cannot erase its own history through
-- the API. The attempts and ids go with their message (ON DELETE CASCADE, 0009).
GRANT DELETE ON messages TO counterpart_platform;

-- A replay points at the message it replays (replay_of, no ON DELETE action): deleting a
-- message makes PostgreSQL look for replays of it, and the purge asks the same question before
-- it picks a message. Without this index each deleted row would scan the partner's messages.
CREATE INDEX messages_replay_of ON messages (partner_id, replay_of) WHERE replay_of IS NOT NULL;
