-- When the server accepted an outbox entry (epoch ms; status 'sent'). An accepted entry waits up to
-- two minutes for the stream to confirm it before it stops holding back the server's row; that wait
-- was counted from created_at, so a write made offline earlier was treated as confirmed as soon as
-- it was sent, and a stale server row could briefly replace it.
ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
