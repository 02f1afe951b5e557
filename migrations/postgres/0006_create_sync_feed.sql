-- Built-in change feed for /v1/shape (sync-server/src/sync) and idempotency records for
-- /v1/mutations. Works on Postgres 15 and on PGlite (no logical replication needed):
--
--   1. Row triggers (`sync_capture`, attached by the feed at boot to every synced table) append
--      (table, id, op, txid, audience) to `sync_changes`.
--   2. One poller (advisory lock) moves the entries it can see into `sync_log`, giving each key a
--      new `log_offset` from a sequence in the poller's own transaction. Poller transactions are
--      serialised and commit atomically, so log offsets grow in commit order even when writers'
--      transactions interleave (a writer-side sequence or xmin watermark would skip rows).
--   3. `sync_log` keeps one entry per key (latest offset wins): readers fetch the keys changed
--      since their offset and read the rows' current state under the user's RLS role.
--
-- The "audience" of a change (owners, organizations, public) is the union of who could see the
-- row before and after it; it decides who receives a delete for a row they can no longer read,
-- without telling anyone else that the key exists.

create table sync_changes (
  id bigserial primary key,
  table_name text not null,
  row_id uuid not null,
  op text not null check (op in ('insert', 'update', 'delete')),
  txid bigint not null default (pg_current_xact_id()::text::bigint),
  aud_owners uuid[] not null default '{}',
  aud_orgs uuid[] not null default '{}',
  aud_public boolean not null default false
);
comment on table sync_changes is 'Change entries written by sync_capture triggers, consumed by the feed poller in commit order.';

create sequence sync_log_offset_seq;
create table sync_log (
  table_name text not null,
  row_id uuid not null,
  log_offset bigint not null,
  op text not null check (op in ('insert', 'update', 'delete')),
  txids bigint[] not null default '{}',
  aud_owners uuid[] not null default '{}',
  aud_orgs uuid[] not null default '{}',
  aud_public boolean not null default false,
  primary key (table_name, row_id)
);
create index sync_log_table_offset_idx on sync_log (table_name, log_offset);
comment on table sync_log is 'Compacted shape log: the latest offset of every changed key, assigned by the single feed poller in commit order.';
comment on column sync_log.txids is 'Recent transaction ids (pg_current_xact_id) that changed the key, newest last; clients confirm mutations by them.';

create table sync_feed_state (
  id boolean primary key default true check (id),
  generation text not null,
  min_offset bigint not null default 0
);
comment on table sync_feed_state is 'One row: the feed generation (part of every shape handle) and the lowest log offset still readable; older positions get 409 must-refetch.';
insert into sync_feed_state (generation) values (replace(gen_random_uuid()::text, '-', ''));

create table sync_user_epochs (
  user_id uuid primary key,
  epoch bigint not null default 0
);
comment on table sync_user_epochs is 'Bumped when what a user may read changes without a change to the rows themselves (membership, session visibility, shares); shape handles carry it and 409 when it moved.';

create table sync_mutations (
  user_id uuid not null,
  id uuid not null,
  table_name text not null,
  status text not null check (status in ('applied', 'rejected')),
  result jsonb not null,
  created_at timestamptz not null default now(),
  primary key (user_id, id)
);
comment on table sync_mutations is 'Outcome of every mutation id posted to /v1/mutations, so a retried batch returns the same results and applies nothing twice.';

alter table sync_changes enable row level security;
alter table sync_log enable row level security;
alter table sync_feed_state enable row level security;
alter table sync_user_epochs enable row level security;
alter table sync_mutations enable row level security;
revoke all on sync_changes, sync_log, sync_feed_state, sync_user_epochs, sync_mutations from public, anon, authenticated;
grant all on sync_changes, sync_log, sync_feed_state, sync_user_epochs, sync_mutations to service_role;
grant usage on sequence sync_log_offset_seq, sync_changes_id_seq to service_role;
grant select, insert on sync_mutations to authenticated;
create policy sync_mutations_select on sync_mutations for select to authenticated using (user_id = auth.uid());
create policy sync_mutations_insert on sync_mutations for insert to authenticated with check (user_id = auth.uid());

-- Who could read a row image: its owners, the organizations whose members read it, or everyone.
create function app.sync_audience(p_table text, r jsonb, out owners uuid[], out orgs uuid[], out is_public boolean)
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
  elsif p_table = 'sessions' or r ? 'session_id' then
    if p_table = 'sessions' then
      s := jsonb_populate_record(null::public.sessions, r);
    else
      select * into s from public.sessions where id = (r ->> 'session_id')::uuid;
    end if;
    if s.id is not null then
      owners := array[s.user_id] || array(select sm.shared_with from public.shared_meetings sm where sm.session_id = s.id);
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
comment on function app.sync_audience(text, jsonb) is 'Who could read this row image (owners, organizations, public); decides who is sent a delete.';

create function app.sync_capture() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  img jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  owners uuid[];
  orgs uuid[];
  pub boolean;
  b_owners uuid[];
  b_orgs uuid[];
  b_pub boolean;
begin
  select a.owners, a.orgs, a.is_public into owners, orgs, pub from app.sync_audience(tg_table_name, img) a;
  if tg_op = 'UPDATE' then
    select a.owners, a.orgs, a.is_public into b_owners, b_orgs, b_pub from app.sync_audience(tg_table_name, to_jsonb(old)) a;
    owners := owners || b_owners;
    orgs := orgs || b_orgs;
    pub := pub or b_pub;
  end if;
  insert into public.sync_changes (table_name, row_id, op, aud_owners, aud_orgs, aud_public)
  values (tg_table_name, (img ->> 'id')::uuid, lower(tg_op), owners, orgs, pub);
  perform pg_notify('sync_changes', '');
  return null;
end
$$;
comment on function app.sync_capture() is 'AFTER ROW trigger on synced tables: records the change for the feed poller.';

-- Attaches sync_capture to a table (idempotent); the feed calls it at boot for every synced table.
create function app.sync_ensure_capture(p_table text) returns boolean
language plpgsql as $$
begin
  if exists (
    select 1 from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relname = p_table and t.tgname = 'sync_capture'
  ) then
    return false;
  end if;
  execute format(
    'create trigger sync_capture after insert or update or delete on public.%I for each row execute function app.sync_capture()',
    p_table);
  return true;
end
$$;
comment on function app.sync_ensure_capture(text) is 'Creates the sync_capture trigger on public.<p_table> unless present; returns true when it created it.';

create function app.sync_bump_epochs(p_users uuid[]) returns void
language sql security definer set search_path = '' as $$
  insert into public.sync_user_epochs (user_id, epoch)
  select distinct u, 1 from unnest(p_users) u where u is not null
  on conflict (user_id) do update set epoch = public.sync_user_epochs.epoch + 1
$$;

create function app.sync_org_member_ids(p_orgs uuid[]) returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(m.user_id), '{}') from public.organization_members m where m.organization_id = any (p_orgs)
$$;

-- Visibility changes that do not touch the rows they hide or reveal bump the readers' epochs.
create function app.sync_visibility_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  img jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  before jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) else null end;
  users uuid[] := '{}';
begin
  if tg_table_name = 'organization_members' then
    users := array[(img ->> 'user_id')::uuid, (before ->> 'user_id')::uuid];
  elsif tg_table_name = 'shared_meetings' then
    users := array[(img ->> 'shared_with')::uuid, (before ->> 'shared_with')::uuid];
  elsif tg_table_name = 'organization_shared_meetings' then
    users := app.sync_org_member_ids(array[(img ->> 'organization_id')::uuid, (before ->> 'organization_id')::uuid]);
  elsif tg_table_name = 'sessions' then
    users := array[(img ->> 'user_id')::uuid, (before ->> 'user_id')::uuid]
      || app.sync_org_member_ids(array[(img ->> 'organization_id')::uuid, (before ->> 'organization_id')::uuid])
      || array(select sm.shared_with from public.shared_meetings sm where sm.session_id = (img ->> 'id')::uuid)
      || app.sync_org_member_ids(array(
           select osm.organization_id from public.organization_shared_meetings osm where osm.session_id = (img ->> 'id')::uuid));
  end if;
  perform app.sync_bump_epochs(users);
  return null;
end
$$;
comment on function app.sync_visibility_changed() is 'AFTER ROW trigger: bumps sync_user_epochs of everyone whose readable set this change may alter.';

create trigger sync_visibility_members after insert or update or delete on organization_members
  for each row execute function app.sync_visibility_changed();
create trigger sync_visibility_shared after insert or update or delete on shared_meetings
  for each row execute function app.sync_visibility_changed();
create trigger sync_visibility_org_shared after insert or update or delete on organization_shared_meetings
  for each row execute function app.sync_visibility_changed();
create trigger sync_visibility_sessions after update of visibility, organization_id, user_id on sessions
  for each row when (old.visibility is distinct from new.visibility
    or old.organization_id is distinct from new.organization_id or old.user_id is distinct from new.user_id)
  execute function app.sync_visibility_changed();
