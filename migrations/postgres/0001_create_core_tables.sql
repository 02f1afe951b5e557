-- Core of the server data model: Supabase-convention roles, auth.uid(), RLS helpers, and the
-- tables every other migration hangs off: users, organizations, organization_members, sessions,
-- transcripts, plus the two sharing tables that decide session visibility.
--
-- Conventions (see migrations/sqlite/0001 for the local mirror): ids are uuid, *_at are
-- timestamptz, JSON is jsonb, flags are boolean. Every table enables row level security and its
-- policies sit in the same file. Policies are written `to authenticated`; `anon` gets nothing;
-- `service_role` (jobs, admin, webhooks) has BYPASSRLS. The login role the server connects with
-- must not have BYPASSRLS: requests run `set local role authenticated` (sync-server/src/db/tx.ts).

-- Roles are cluster-wide: create them only when missing, tolerating a concurrent creator.
do $$
begin
  begin
    if not exists (select 1 from pg_roles where rolname = 'anon') then
      create role anon nologin noinherit;
    end if;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    if not exists (select 1 from pg_roles where rolname = 'authenticated') then
      create role authenticated nologin noinherit;
    end if;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    if not exists (select 1 from pg_roles where rolname = 'service_role') then
      begin
        create role service_role nologin noinherit bypassrls;
      exception when insufficient_privilege then
        create role service_role nologin noinherit;
      end;
    end if;
  exception when duplicate_object or unique_violation then null;
  end;
  -- A non-superuser migrator must be able to `set role` to the request roles.
  if not (select rolsuper from pg_roles where rolname = current_user) then
    begin
      execute format('grant anon, authenticated, service_role to %I', current_user);
    exception when insufficient_privilege or invalid_grant_operation then
      raise notice 'could not grant request roles to %', current_user;
    end;
  end if;
end
$$;

create schema if not exists auth;
create schema if not exists app;
comment on schema app is 'SECURITY DEFINER helpers used by RLS policies; not an API.';

-- auth.uid()/auth.jwt() exist already on Supabase; define them only where missing.
do $$
begin
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'jwt'
  ) then
    -- nullif: after a transaction that used set_config(..., true) the setting reads '' on that connection.
    execute $f$
      create function auth.jwt() returns jsonb language sql stable as
      'select coalesce(nullif(current_setting(''request.jwt.claims'', true), ''''), ''{}'')::jsonb'
    $f$;
  end if;
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'uid'
  ) then
    execute $f$
      create function auth.uid() returns uuid language sql stable as
      'select nullif(nullif(current_setting(''request.jwt.claims'', true), '''')::jsonb ->> ''sub'', '''')::uuid'
    $f$;
  end if;
end
$$;

grant usage on schema auth to anon, authenticated, service_role;
grant execute on all functions in schema auth to anon, authenticated, service_role;
grant usage on schema app to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to service_role;
alter default privileges in schema public grant all on sequences to service_role;
alter default privileges in schema app revoke execute on functions from public;

-- Keeps updated_at current unless the writer set it explicitly (sync clients carry their own).
create function app.touch_updated_at() returns trigger language plpgsql as $$
begin
  if new.updated_at is not distinct from old.updated_at then
    new.updated_at := now();
  end if;
  return new;
end
$$;
comment on function app.touch_updated_at() is 'BEFORE UPDATE trigger: bumps updated_at when the statement did not set it.';

-- ---------------------------------------------------------------- organizations
create table organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  display_name text,
  slug text unique,
  description text,
  website_url text,
  contact_email text,
  max_members integer check (max_members is null or max_members > 0),
  monthly_audio_hours_limit integer check (monthly_audio_hours_limit is null or monthly_audio_hours_limit >= 0),
  branding_logo_url text,
  branding_primary_color text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table organizations is 'Tenants. Members read their organizations; owners/admins update them; creation and deletion go through the server (service_role).';
create trigger organizations_touch before update on organizations for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- users
create table users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  full_name text,
  avatar_url text,
  google_id text unique,
  microsoft_id text unique,
  current_organization_id uuid references organizations(id) on delete set null,
  personal_context text,
  is_admin boolean not null default false,
  stripe_customer_id text,
  use_case text,
  referral_code text unique,
  referred_by_user_id uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table users is 'User profiles. A user reads self and people sharing an organization; updates only own profile columns (never is_admin, billing or OAuth ids).';
comment on column users.personal_context is 'User-written context fed to the copilot prompts.';
create index users_current_organization_idx on users(current_organization_id);
create index users_referred_by_idx on users(referred_by_user_id);
create index users_stripe_customer_idx on users(stripe_customer_id);
create trigger users_touch before update on users for each row execute function app.touch_updated_at();

-- Password hashes live apart from profiles so no policy on users can ever expose them.
create table user_credentials (
  user_id uuid primary key references users(id) on delete cascade,
  password_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table user_credentials is 'argon2 password hashes. System-only: RLS on with no policies, so only service_role reads or writes.';
create trigger user_credentials_touch before update on user_credentials for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- organization_members
create table organization_members (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'admin', 'member')),
  permissions jsonb not null default '{}',
  monthly_audio_hours_limit integer check (monthly_audio_hours_limit is null or monthly_audio_hours_limit >= 0),
  current_month_minutes_used integer not null default 0 check (current_month_minutes_used >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organization_members_organization_user_key unique (organization_id, user_id)
);
comment on table organization_members is 'Membership and role per organization. Members see their co-members; owners/admins add, change and remove members; anyone may leave.';
create index organization_members_user_idx on organization_members(user_id);
create trigger organization_members_touch before update on organization_members for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- membership helpers
-- SECURITY DEFINER so policies on organization_members can use them without recursing.
create function app.is_org_member(p_organization_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.organization_members m
    where m.organization_id = p_organization_id and m.user_id = auth.uid()
  )
$$;
comment on function app.is_org_member(uuid) is 'True when the requesting user (auth.uid()) belongs to the organization.';

create function app.is_org_admin(p_organization_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.organization_members m
    where m.organization_id = p_organization_id and m.user_id = auth.uid() and m.role in ('owner', 'admin')
  )
$$;
comment on function app.is_org_admin(uuid) is 'True when the requesting user is an owner or admin of the organization.';

create function app.shares_org_with(p_user_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.organization_members mine
    join public.organization_members theirs on theirs.organization_id = mine.organization_id
    where mine.user_id = auth.uid() and theirs.user_id = p_user_id
  )
$$;
comment on function app.shares_org_with(uuid) is 'True when the requesting user and p_user_id have an organization in common.';

-- ---------------------------------------------------------------- sessions
create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references users(id) on delete cascade,
  organization_id uuid references organizations(id) on delete cascade,
  title text not null,
  conversation_type text,
  template_id uuid,
  status text not null default 'draft' check (status in ('draft', 'active', 'paused', 'completed', 'archived')),
  meeting_url text,
  meeting_platform text check (meeting_platform in ('zoom', 'google_meet', 'teams', 'local')),
  recording_started_at timestamptz,
  recording_ended_at timestamptz,
  recording_duration_seconds integer not null default 0 check (recording_duration_seconds >= 0),
  participant_me text,
  participant_them text,
  participants jsonb not null default '[]',
  recall_bot_id text,
  recall_recording_id text,
  bot_recording_minutes integer not null default 0 check (bot_recording_minutes >= 0),
  bot_billable_amount numeric(12, 4) not null default 0,
  ai_instructions text,
  visibility text not null default 'private' check (visibility in ('private', 'organization', 'shared')),
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table sessions is 'Meetings. visibility: private = owner only; organization = members of organization_id; shared = owner plus shared_meetings / organization_shared_meetings grantees. Only the owner writes.';
comment on column sessions.participants is 'Calendar participants as a JSON array of {name, email}.';
comment on column sessions.template_id is 'FK to templates, added by the templates migration.';
create index sessions_user_created_idx on sessions(user_id, created_at desc);
create index sessions_organization_created_idx on sessions(organization_id, created_at desc);
create index sessions_template_idx on sessions(template_id);
create index sessions_recall_bot_idx on sessions(recall_bot_id);
create trigger sessions_touch before update on sessions for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- shared_meetings
create table shared_meetings (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  shared_by uuid not null references users(id) on delete cascade,
  shared_with uuid not null references users(id) on delete cascade,
  share_type text not null default 'view' check (share_type in ('view', 'context', 'full')),
  permissions jsonb not null default '{}',
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint shared_meetings_session_shared_with_key unique (session_id, shared_with)
);
comment on table shared_meetings is 'Direct user-to-user shares of a session (effective while the session visibility is shared). The session owner manages them; the recipient sees and may delete its own.';
comment on column shared_meetings.share_type is 'view = read; context = read and use as copilot context; full = read and write the session''s content.';
create index shared_meetings_session_idx on shared_meetings(session_id);
create index shared_meetings_shared_by_idx on shared_meetings(shared_by);
create index shared_meetings_shared_with_idx on shared_meetings(shared_with);
create trigger shared_meetings_touch before update on shared_meetings for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- organization_shared_meetings
create table organization_shared_meetings (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  organization_id uuid not null references organizations(id) on delete cascade,
  shared_by uuid not null references users(id) on delete cascade,
  share_scope text not null default 'organization' check (share_scope in ('organization', 'team', 'role')),
  team_ids uuid[] not null default '{}',
  role_names text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organization_shared_meetings_session_organization_key unique (session_id, organization_id)
);
comment on table organization_shared_meetings is 'Organization-wide shares of a session (effective while its visibility is shared). scope organization = all members; role = members whose role is in role_names; team grants nothing until teams exist. Owner manages; org members read.';
create index organization_shared_meetings_session_idx on organization_shared_meetings(session_id);
create index organization_shared_meetings_organization_idx on organization_shared_meetings(organization_id);
create index organization_shared_meetings_shared_by_idx on organization_shared_meetings(shared_by);
create trigger organization_shared_meetings_touch before update on organization_shared_meetings for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- session access helpers
create function app.is_session_owner(p_session_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.sessions s where s.id = p_session_id and s.user_id = auth.uid())
$$;
comment on function app.is_session_owner(uuid) is 'True when the requesting user owns the session.';

create function app.is_shared_with_me(p_session_id uuid, p_min_share_type text default 'view') returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.shared_meetings sm
    where sm.session_id = p_session_id and sm.shared_with = auth.uid()
      and (sm.expires_at is null or sm.expires_at > now())
      and (p_min_share_type = 'view' or sm.share_type = 'full'
           or (p_min_share_type = 'context' and sm.share_type = 'context'))
  ) or (p_min_share_type = 'view' and exists (
    select 1 from public.organization_shared_meetings osm
    join public.organization_members m on m.organization_id = osm.organization_id and m.user_id = auth.uid()
    where osm.session_id = p_session_id
      and (osm.share_scope = 'organization' or (osm.share_scope = 'role' and m.role = any (osm.role_names)))
  ))
$$;
comment on function app.is_shared_with_me(uuid, text) is 'True when a live share grants the requesting user at least p_min_share_type (view|context|full) on the session; org shares grant view.';

create function app.can_read_session(p_session_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.sessions s
    where s.id = p_session_id and (
      s.user_id = auth.uid()
      or (s.visibility = 'organization' and app.is_org_member(s.organization_id))
      or (s.visibility = 'shared' and app.is_shared_with_me(s.id, 'view'))
    )
  )
$$;
comment on function app.can_read_session(uuid) is 'Session visibility rule (private/organization/shared) for the requesting user; child tables use it.';

create function app.can_write_session(p_session_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.sessions s
    where s.id = p_session_id and (
      s.user_id = auth.uid()
      or (s.visibility = 'shared' and app.is_shared_with_me(s.id, 'full'))
    )
  )
$$;
comment on function app.can_write_session(uuid) is 'True for the session owner, or a grantee of a live full share on a shared session.';

grant execute on all functions in schema app to anon, authenticated, service_role;

-- ---------------------------------------------------------------- transcripts
create table transcripts (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  content text not null,
  speaker text not null,
  is_owner boolean not null default false,
  confidence_score real check (confidence_score is null or (confidence_score >= 0 and confidence_score <= 1)),
  start_time_seconds double precision not null default 0,
  end_time_seconds double precision not null default 0,
  duration_seconds double precision not null default 0,
  sequence_number integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint transcripts_session_sequence_key unique (session_id, sequence_number)
);
comment on table transcripts is 'Final transcript segments. Readable with the session, writable by whoever can write the session.';
comment on column transcripts.is_owner is 'True for the microphone channel (the recording user), false for system audio.';
create trigger transcripts_touch before update on transcripts for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- row level security
alter table organizations enable row level security;
alter table users enable row level security;
alter table user_credentials enable row level security;
alter table organization_members enable row level security;
alter table sessions enable row level security;
alter table shared_meetings enable row level security;
alter table organization_shared_meetings enable row level security;
alter table transcripts enable row level security;

revoke all on organizations, users, user_credentials, organization_members, sessions,
  shared_meetings, organization_shared_meetings, transcripts from public, anon, authenticated;

grant select on organizations to authenticated;
grant update (name, display_name, description, website_url, contact_email, branding_logo_url,
  branding_primary_color, updated_at) on organizations to authenticated;
create policy organizations_select on organizations for select to authenticated
  using (app.is_org_member(id));
create policy organizations_update on organizations for update to authenticated
  using (app.is_org_admin(id)) with check (app.is_org_admin(id));

grant select on users to authenticated;
grant update (full_name, avatar_url, current_organization_id, personal_context, use_case, updated_at)
  on users to authenticated;
create policy users_select on users for select to authenticated
  using (id = auth.uid() or app.shares_org_with(id));
create policy users_update on users for update to authenticated
  using (id = auth.uid())
  with check (id = auth.uid() and (current_organization_id is null or app.is_org_member(current_organization_id)));

grant select, delete on organization_members to authenticated;
grant insert (id, organization_id, user_id, role, permissions, monthly_audio_hours_limit, created_at, updated_at)
  on organization_members to authenticated;
grant update (role, permissions, monthly_audio_hours_limit, updated_at) on organization_members to authenticated;
create policy organization_members_select on organization_members for select to authenticated
  using (user_id = auth.uid() or app.is_org_member(organization_id));
create policy organization_members_insert on organization_members for insert to authenticated
  with check (app.is_org_admin(organization_id));
create policy organization_members_update on organization_members for update to authenticated
  using (app.is_org_admin(organization_id)) with check (app.is_org_admin(organization_id));
create policy organization_members_delete on organization_members for delete to authenticated
  using (user_id = auth.uid() or app.is_org_admin(organization_id));

grant select, insert, update, delete on sessions to authenticated;
create policy sessions_select on sessions for select to authenticated
  using (
    user_id = auth.uid()
    or (visibility = 'organization' and app.is_org_member(organization_id))
    or (visibility = 'shared' and app.is_shared_with_me(id, 'view'))
  );
create policy sessions_insert on sessions for insert to authenticated
  with check (user_id = auth.uid() and (organization_id is null or app.is_org_member(organization_id)));
create policy sessions_update on sessions for update to authenticated
  using (user_id = auth.uid() or (visibility = 'shared' and app.is_shared_with_me(id, 'full')))
  with check (
    (user_id = auth.uid() or (visibility = 'shared' and app.is_shared_with_me(id, 'full')))
    and (organization_id is null or app.is_org_member(organization_id))
  );
create policy sessions_delete on sessions for delete to authenticated
  using (user_id = auth.uid());

grant select, insert, update, delete on shared_meetings to authenticated;
create policy shared_meetings_select on shared_meetings for select to authenticated
  using (shared_with = auth.uid() or shared_by = auth.uid() or app.is_session_owner(session_id));
create policy shared_meetings_insert on shared_meetings for insert to authenticated
  with check (shared_by = auth.uid() and app.is_session_owner(session_id));
create policy shared_meetings_update on shared_meetings for update to authenticated
  using (app.is_session_owner(session_id)) with check (app.is_session_owner(session_id));
create policy shared_meetings_delete on shared_meetings for delete to authenticated
  using (shared_with = auth.uid() or app.is_session_owner(session_id));

grant select, insert, update, delete on organization_shared_meetings to authenticated;
create policy organization_shared_meetings_select on organization_shared_meetings for select to authenticated
  using (app.is_org_member(organization_id) or app.is_session_owner(session_id));
create policy organization_shared_meetings_insert on organization_shared_meetings for insert to authenticated
  with check (shared_by = auth.uid() and app.is_session_owner(session_id) and app.is_org_member(organization_id));
create policy organization_shared_meetings_update on organization_shared_meetings for update to authenticated
  using (app.is_session_owner(session_id))
  with check (app.is_session_owner(session_id) and app.is_org_member(organization_id));
create policy organization_shared_meetings_delete on organization_shared_meetings for delete to authenticated
  using (app.is_session_owner(session_id));

grant select, insert, update, delete on transcripts to authenticated;
create policy transcripts_select on transcripts for select to authenticated
  using (app.can_read_session(session_id));
create policy transcripts_insert on transcripts for insert to authenticated
  with check (app.can_write_session(session_id));
create policy transcripts_update on transcripts for update to authenticated
  using (app.can_write_session(session_id)) with check (app.can_write_session(session_id));
create policy transcripts_delete on transcripts for delete to authenticated
  using (app.can_write_session(session_id));

grant all on organizations, users, user_credentials, organization_members, sessions,
  shared_meetings, organization_shared_meetings, transcripts to service_role;

-- ---------------------------------------------------------------- vector columns (pgvector only)
-- CI's Postgres has no pgvector; PGlite and production do. Everything else works without it.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'vector') then
    create extension if not exists vector;
    execute 'alter table sessions add column title_embedding halfvec(1536)';
    execute 'create index sessions_title_embedding_idx on sessions using hnsw (title_embedding halfvec_cosine_ops)';
    execute 'comment on column sessions.title_embedding is ''Title embedding (1536 dims, half precision) for semantic search; present only with pgvector.''';
  end if;
end
$$;
