-- When the outbox first tried to send an entry (epoch ms), NULL until then. Sent with every attempt
-- as the mutation's first_sent_at, so the server can refuse a retry older than its record of
-- outcomes (sync_mutations retention) instead of applying it twice. Counted from the first send,
-- not from created_at: a write made offline weeks ago is new when it first leaves the device.
ALTER TABLE outbox ADD COLUMN first_sent_at INTEGER;
