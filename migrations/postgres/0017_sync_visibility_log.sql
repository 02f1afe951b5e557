-- Visibility loss and gain as changes in the live shape feed (issue #5). A change to what a user may
-- read of sessions (session visibility / organization / owner, memberships, shares) records one
-- (user, session) pair per affected user and session, instead of one entry per row of the session.
-- The feed poller gives each pair a log offset from the same sequence as sync_log; a shape of
-- `sessions` or a session child table expands it at read time into that user's deletes (session no
-- longer readable) or inserts (readable now) of the session's rows. Epochs are still bumped: tables
-- whose visibility is not a session's keep answering 409 must-refetch.

create table sync_visibility_changes (
  id bigserial primary key,
  user_id uuid not null,
  session_id uuid not null
);
comment on table sync_visibility_changes is 'Pairs (user, session) whose readability may have changed, written by sync_visibility_changed, consumed by the feed poller.';

create table sync_visibility_log (
  user_id uuid not null,
  session_id uuid not null,
  log_offset bigint not null,
  primary key (user_id, session_id)
);
create index sync_visibility_log_user_offset_idx on sync_visibility_log (user_id, log_offset);
comment on table sync_visibility_log is 'Latest log offset at which a session may have entered or left a user''s readable set; shapes of session tables expand it into that user''s inserts or deletes.';

alter table sync_visibility_changes enable row level security;
alter table sync_visibility_log enable row level security;
revoke all on sync_visibility_changes, sync_visibility_log from public, anon, authenticated;
grant all on sync_visibility_changes, sync_visibility_log to service_role;
grant usage on sequence sync_visibility_changes_id_seq to service_role;

-- Sessions an organization's members read because they are members (organization visibility, or
-- shared with the organization).
create function app.sync_org_session_ids(p_orgs uuid[]) returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(distinct x.id), '{}') from (
    select s.id from public.sessions s where s.organization_id = any (p_orgs) and s.visibility = 'organization'
    union
    select s.id from public.organization_shared_meetings osm join public.sessions s on s.id = osm.session_id
    where osm.organization_id = any (p_orgs) and s.visibility = 'shared'
  ) x
$$;

create or replace function app.sync_visibility_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  img jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  before jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) else null end;
  users uuid[] := '{}';
  sessions uuid[] := '{}';
begin
  if tg_table_name = 'organization_members' then
    users := array[(img ->> 'user_id')::uuid, (before ->> 'user_id')::uuid];
    sessions := app.sync_org_session_ids(array[(img ->> 'organization_id')::uuid, (before ->> 'organization_id')::uuid]);
  elsif tg_table_name = 'shared_meetings' then
    users := array[(img ->> 'shared_with')::uuid, (before ->> 'shared_with')::uuid];
    sessions := array[(img ->> 'session_id')::uuid, (before ->> 'session_id')::uuid];
  elsif tg_table_name = 'organization_shared_meetings' then
    users := app.sync_org_member_ids(array[(img ->> 'organization_id')::uuid, (before ->> 'organization_id')::uuid]);
    sessions := array[(img ->> 'session_id')::uuid, (before ->> 'session_id')::uuid];
  elsif tg_table_name = 'sessions' then
    users := array[(img ->> 'user_id')::uuid, (before ->> 'user_id')::uuid]
      || app.sync_org_member_ids(array[(img ->> 'organization_id')::uuid, (before ->> 'organization_id')::uuid])
      || array(select sm.shared_with from public.shared_meetings sm where sm.session_id = (img ->> 'id')::uuid)
      || app.sync_org_member_ids(array(
           select osm.organization_id from public.organization_shared_meetings osm where osm.session_id = (img ->> 'id')::uuid));
    sessions := array[(img ->> 'id')::uuid];
  end if;
  perform app.sync_bump_epochs(users);
  insert into public.sync_visibility_changes (user_id, session_id)
  select distinct u, s from unnest(users) u cross join unnest(sessions) s where u is not null and s is not null;
  return null;
end
$$;
comment on function app.sync_visibility_changed() is 'AFTER ROW trigger: bumps sync_user_epochs of everyone whose readable set this change may alter and records the (user, session) pairs it may alter.';
