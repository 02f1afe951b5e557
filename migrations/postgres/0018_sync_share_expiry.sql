-- An expiring share reaches live recipients as deletes (issue #5). A share in shared_meetings stops
-- granting reads when expires_at passes, but nothing is written then, so 0017's triggers never see
-- it. The sync server's sweeper (sync-server/src/sync/share-expiry.ts) calls
-- app.sync_sweep_share_expiries() at the next expiry (and periodically): every share whose
-- expires_at falls in (shares_swept_until, now] is recorded exactly as a revocation would be
-- (epochs bumped, one sync_visibility_changes pair per recipient and session), and the window's end
-- is stored, so each expiry is recorded once, across restarts and server processes.
-- organization_shared_meetings and organization_members have no expiry, so only direct shares expire.

alter table sync_feed_state add column shares_swept_until timestamptz not null default '-infinity';
comment on column sync_feed_state.shares_swept_until is 'Shares in shared_meetings that expired at or before this time have been recorded as visibility changes (app.sync_sweep_share_expiries).';

create index shared_meetings_expires_at_idx on shared_meetings (expires_at) where expires_at is not null;

-- Milliseconds from now until the earliest expiry not yet swept (negative when one is already due;
-- null when no share waits to expire).
create function app.sync_next_share_expiry_ms() returns bigint
language sql stable security definer set search_path = '' as $$
  select ceil(extract(epoch from min(sm.expires_at) - clock_timestamp()) * 1000)::bigint
  from public.shared_meetings sm, public.sync_feed_state st
  where sm.expires_at > st.shares_swept_until
$$;
comment on function app.sync_next_share_expiry_ms() is 'Milliseconds until the earliest share expiry not yet swept (negative when due, null when none).';

create function app.sync_sweep_share_expiries(out expired integer, out next_in_ms bigint)
language plpgsql security definer set search_path = '' as $$
declare
  since timestamptz;
  upto timestamptz;
  users uuid[];
  sessions uuid[];
begin
  -- The row lock serialises concurrent sweepers; a later one starts where the previous one stopped.
  select st.shares_swept_until into since from public.sync_feed_state st for no key update;
  -- Taken after the lock and before the read below. A share expiring in the window whose row is
  -- committed only after that read has its own trigger's pair, which the feed reads after that
  -- commit, when the share has already expired: it becomes a delete without this sweep.
  upto := greatest(since, clock_timestamp());
  select coalesce(array_agg(sm.shared_with), '{}'), coalesce(array_agg(sm.session_id), '{}') into users, sessions
  from public.shared_meetings sm
  where sm.expires_at > since and sm.expires_at <= upto;
  expired := cardinality(users);
  if expired > 0 then
    -- The same two writes as app.sync_visibility_changed() for a deleted share.
    perform app.sync_bump_epochs(users);
    insert into public.sync_visibility_changes (user_id, session_id)
    select distinct u, s from unnest(users, sessions) as x(u, s);
    perform pg_notify('sync_changes', '');
  end if;
  update public.sync_feed_state set shares_swept_until = upto;
  next_in_ms := app.sync_next_share_expiry_ms();
end
$$;
comment on function app.sync_sweep_share_expiries() is 'Records every share that expired since the last sweep as a visibility change of its recipient (once); returns how many and the milliseconds until the next expiry.';

revoke all on function app.sync_next_share_expiry_ms(), app.sync_sweep_share_expiries() from public, anon, authenticated;
grant execute on function app.sync_next_share_expiry_ms(), app.sync_sweep_share_expiries() to service_role;
