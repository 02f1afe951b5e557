-- Slack/HubSpot/Salesforce integrations and exports, e-mail notifications and user preferences.

-- ---------------------------------------------------------------- integration_settings
create table integration_settings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  organization_id uuid references organizations(id) on delete cascade,
  provider text not null check (provider in ('slack', 'hubspot', 'salesforce')),
  config jsonb not null default '{}',
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint integration_settings_user_provider_key unique (user_id, provider)
);
comment on table integration_settings is 'Per-user integration configuration (config holds encrypted credentials). Only the owner reads and writes; organization_id must be one of the owner''s organizations.';
comment on column integration_settings.config is 'Encrypted by the server before storage; never plaintext secrets.';
create index integration_settings_organization_idx on integration_settings(organization_id);
create trigger integration_settings_touch before update on integration_settings for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- integration_exports
create table integration_exports (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  session_id uuid references sessions(id) on delete set null,
  provider text not null check (provider in ('slack', 'hubspot', 'salesforce')),
  status text not null default 'pending' check (status in ('success', 'failed', 'pending')),
  export_id text,
  url text,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table integration_exports is 'Exports of a session to an external tool. The user reads own rows and requests exports of sessions they can read; the export job updates status as service_role.';
create index integration_exports_user_idx on integration_exports(user_id, created_at);
create index integration_exports_session_idx on integration_exports(session_id);
create trigger integration_exports_touch before update on integration_exports for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- email_notifications
create table email_notifications (
  id uuid primary key default gen_random_uuid(),
  session_id uuid references sessions(id) on delete set null,
  user_id uuid references users(id) on delete cascade,
  email_type text not null,
  recipient_email text not null,
  subject text,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
  error_message text,
  attempts integer not null default 0 check (attempts >= 0),
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table email_notifications is 'Outgoing e-mail queue and log. The user reads rows addressed on their behalf; the mailer job writes as service_role.';
create index email_notifications_session_idx on email_notifications(session_id);
create index email_notifications_user_idx on email_notifications(user_id);
create index email_notifications_pending_idx on email_notifications(created_at) where status = 'pending';
create trigger email_notifications_touch before update on email_notifications for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- user_preferences
create table user_preferences (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null unique references users(id) on delete cascade,
  email_notifications_enabled boolean not null default true,
  email_post_call_summary boolean not null default true,
  email_weekly_digest boolean not null default false,
  email_important_insights boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table user_preferences is 'E-mail preferences, one row per user; only that user reads and writes it.';
create trigger user_preferences_touch before update on user_preferences for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- row level security
alter table integration_settings enable row level security;
alter table integration_exports enable row level security;
alter table email_notifications enable row level security;
alter table user_preferences enable row level security;

revoke all on integration_settings, integration_exports, email_notifications, user_preferences
  from public, anon, authenticated;
grant all on integration_settings, integration_exports, email_notifications, user_preferences to service_role;

grant select, insert, update, delete on integration_settings to authenticated;
create policy integration_settings_all on integration_settings for all to authenticated
  using (user_id = auth.uid())
  with check (user_id = auth.uid() and (organization_id is null or app.is_org_member(organization_id)));

grant select on integration_exports to authenticated;
grant insert (id, user_id, session_id, provider, created_at, updated_at) on integration_exports to authenticated;
create policy integration_exports_select on integration_exports for select to authenticated using (user_id = auth.uid());
create policy integration_exports_insert on integration_exports for insert to authenticated
  with check (user_id = auth.uid() and (session_id is null or app.can_read_session(session_id)));

grant select on email_notifications to authenticated;
create policy email_notifications_select on email_notifications for select to authenticated using (user_id = auth.uid());

grant select, insert, update, delete on user_preferences to authenticated;
create policy user_preferences_all on user_preferences for all to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
