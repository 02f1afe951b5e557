-- Two fixes to the live shape feed's view of session visibility.
--
-- 1. The shape service decides for every waiting live user at once which of them may read a changed
--    session's rows. It used to derive that multi-user query at run time from the text of
--    app.readable_session_ids()'s body, which every later change to that function had to keep
--    parsable. app.readable_session_ids_for(users, sessions) states the same rule for many users
--    and a set of sessions in one statement; sync-server/src/sync/live-visibility.ts calls it.
--    The two functions must change together: live-visibility.test.ts checks that they agree for
--    every (user, session) pair of a seeded world.
--
-- 2. The feed's audience of a session row (who is sent a delete) named every shared_meetings
--    recipient, expired or not, so rows written after a share expired still reached the former
--    recipient as deletes (their ids). A share now leaves the audience once its expiry has been
--    recorded by app.sync_sweep_share_expiries() (0018: expires_at <= shares_swept_until). That
--    sweep is what sends the recipient deletes of every row it holds; until it has run (a moment
--    after expires_at, or at the next start after downtime) the recipient may still hold the
--    session's rows, and a delete of one of them must still reach it, or that row stays on its
--    device for good (the sweep only deletes rows that still exist).

create function app.readable_session_ids_for(p_users uuid[], p_sessions uuid[])
returns table (user_id uuid, session_id uuid)
language sql stable security definer set search_path = '' as $$
  select s.user_id, s.id from public.sessions s
  where s.id = any (p_sessions) and s.user_id = any (p_users)
  union
  select m.user_id, s.id from public.sessions s
    join public.organization_members m on m.organization_id = s.organization_id
  where s.id = any (p_sessions) and m.user_id = any (p_users) and s.visibility = 'organization'
  union
  select sm.shared_with, s.id from public.shared_meetings sm
    join public.sessions s on s.id = sm.session_id
  where sm.session_id = any (p_sessions) and sm.shared_with = any (p_users)
    and s.visibility = 'shared' and (sm.expires_at is null or sm.expires_at > now())
  union
  select m.user_id, s.id from public.organization_shared_meetings osm
    join public.organization_members m on m.organization_id = osm.organization_id
    join public.sessions s on s.id = osm.session_id
  where osm.session_id = any (p_sessions) and m.user_id = any (p_users) and s.visibility = 'shared'
    and (osm.share_scope = 'organization' or (osm.share_scope = 'role' and m.role = any (osm.role_names)))
$$;
comment on function app.readable_session_ids_for(uuid[], uuid[]) is 'Pairs (user, session) of p_users and p_sessions where app.readable_session_ids() of that user contains the session; change both together. Service role only (live shape fan-out).';
comment on function app.readable_session_ids() is 'Every session the requesting user may read (same rule as app.can_read_session), for set-based read policies. app.readable_session_ids_for (0020) states the same rule for many users: change both together.';
revoke all on function app.readable_session_ids_for(uuid[], uuid[]) from public, anon, authenticated;
grant execute on function app.readable_session_ids_for(uuid[], uuid[]) to service_role;

-- 0016's body, with swept expiries left out of a session's owners.
create or replace function app.sync_audience(p_table text, r jsonb, out owners uuid[], out orgs uuid[], out is_public boolean)
language plpgsql stable security definer set search_path = '' as $$
declare
  s record;
begin
  owners := '{}';
  orgs := '{}';
  is_public := false;
  if p_table = 'users' then
    owners := array[(r ->> 'id')::uuid];
  elsif p_table = 'organizations' then
    orgs := array[(r ->> 'id')::uuid];
  elsif p_table = 'organization_members' then
    owners := array[(r ->> 'user_id')::uuid];
    orgs := array[(r ->> 'organization_id')::uuid];
  elsif p_table = 'templates' then
    owners := array[(r ->> 'user_id')::uuid];
    if (r ->> 'is_organization_template')::boolean then orgs := array[(r ->> 'organization_id')::uuid]; end if;
    is_public := coalesce((r ->> 'is_system_template')::boolean, false) or coalesce((r ->> 'is_public')::boolean, false);
  elsif p_table = 'calendar_connections' then
    owners := array[(r ->> 'user_id')::uuid];
  elsif p_table = 'calendar_events' then
    -- A cascade from a deleted connection finds no owner: the desktop hides events whose
    -- connection it no longer has, and the connection's own delete reaches its owner.
    owners := array(select c.user_id from public.calendar_connections c where c.id = (r ->> 'calendar_connection_id')::uuid);
  elsif p_table = 'sessions' or r ? 'session_id' then
    if p_table = 'sessions' then
      s := jsonb_populate_record(null::public.sessions, r);
    else
      select * into s from public.sessions where id = (r ->> 'session_id')::uuid;
    end if;
    if s.id is not null then
      -- A recipient whose expiry was swept has been sent deletes of the session's rows already.
      -- (The sweep position is read only when a share has an expiry.)
      owners := array[s.user_id] || array(
        select sm.shared_with from public.shared_meetings sm
        where sm.session_id = s.id
          and (sm.expires_at is null or sm.expires_at > (select st.shares_swept_until from public.sync_feed_state st)));
      if s.visibility <> 'private' then
        orgs := array[s.organization_id] || array(
          select osm.organization_id from public.organization_shared_meetings osm where osm.session_id = s.id);
      end if;
    else
      -- The session is gone (cascade): members learn of it from the session's own delete.
      owners := array[coalesce(r ->> 'user_id', r ->> 'created_by')::uuid];
    end if;
  else
    owners := array[(r ->> 'user_id')::uuid];
    orgs := array[(r ->> 'organization_id')::uuid];
  end if;
  owners := array_remove(owners, null);
  orgs := array_remove(orgs, null);
end
$$;
comment on function app.sync_audience(text, jsonb) is 'Who could read this row image (owners, organizations, public); decides who is sent a delete. Calendar rows: the connection owner only. Shares whose expiry was swept are left out.';
