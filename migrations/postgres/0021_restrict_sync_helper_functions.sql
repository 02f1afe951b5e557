-- Security-definer helpers of the sync triggers were executable by everyone (Postgres grants
-- EXECUTE to PUBLIC by default), so any signed-in user could, with raw SQL, bump other users'
-- sync epochs (forcing their shapes to refetch), list any organization's member and session ids,
-- or read any row image's audience. Only the triggers (which run as their owner) and the sync
-- server's service role call them.
revoke execute on function app.sync_bump_epochs(uuid[]) from public, anon, authenticated;
revoke execute on function app.sync_org_member_ids(uuid[]) from public, anon, authenticated;
revoke execute on function app.sync_org_session_ids(uuid[]) from public, anon, authenticated;
revoke execute on function app.sync_audience(text, jsonb) from public, anon, authenticated;
grant execute on function app.sync_bump_epochs(uuid[]) to service_role;
grant execute on function app.sync_org_member_ids(uuid[]) to service_role;
grant execute on function app.sync_org_session_ids(uuid[]) to service_role;
grant execute on function app.sync_audience(text, jsonb) to service_role;

-- The hourly purge of mutation outcomes (sync/mutation-retention.ts) reads by age: rows arrive in
-- time order, so a BRIN index keeps that a range read at a few pages of index.
create index sync_mutations_created_at_brin on sync_mutations using brin (created_at);

-- A visibility expansion (sync/shape-expansion.ts) pages one session's transcripts in id order;
-- without this every chunk sorted all of the session's rows.
create index transcripts_session_id_id_idx on transcripts (session_id, id);
