-- Calendar connections, synced events, auto-join preferences and logs, notifications, and the
-- Recall.ai bot tables. OAuth callbacks, calendar sync and bot webhooks write as service_role.

-- ---------------------------------------------------------------- calendar_connections
create table calendar_connections (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  organization_id uuid references organizations(id) on delete set null,
  provider text not null check (provider in ('google_calendar', 'microsoft_outlook')),
  recall_calendar_id text unique,
  oauth_refresh_token text,
  email text,
  display_name text,
  is_active boolean not null default true,
  last_synced_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table calendar_connections is 'A user''s connected calendars. The owner reads (never the refresh token), renames, deactivates and deletes; connecting goes through the OAuth callback (service_role).';
comment on column calendar_connections.oauth_refresh_token is 'Secret; not readable by authenticated.';
create index calendar_connections_user_idx on calendar_connections(user_id);
create index calendar_connections_organization_idx on calendar_connections(organization_id);
create trigger calendar_connections_touch before update on calendar_connections for each row execute function app.touch_updated_at();

create function app.owns_calendar_connection(p_connection_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.calendar_connections c where c.id = p_connection_id and c.user_id = auth.uid())
$$;
comment on function app.owns_calendar_connection(uuid) is 'True when the requesting user owns the calendar connection.';
grant execute on function app.owns_calendar_connection(uuid) to anon, authenticated, service_role;

-- ---------------------------------------------------------------- calendar_events
create table calendar_events (
  id uuid primary key default gen_random_uuid(),
  calendar_connection_id uuid not null references calendar_connections(id) on delete cascade,
  session_id uuid references sessions(id) on delete set null,
  auto_session_id uuid references sessions(id) on delete set null,
  external_event_id text not null,
  title text,
  description text,
  start_time timestamptz not null,
  end_time timestamptz not null,
  meeting_url text,
  attendees jsonb not null default '[]',
  organizer_email text,
  is_organizer boolean not null default false,
  bot_scheduled boolean not null default false,
  bot_id text,
  auto_bot_status text,
  auto_join_enabled boolean,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint calendar_events_connection_external_key unique (calendar_connection_id, external_event_id),
  check (end_time >= start_time)
);
comment on table calendar_events is 'Events synced from a calendar. The connection owner reads them and sets the per-event auto_join_enabled override; sync writes as service_role.';
comment on column calendar_events.auto_join_enabled is 'Per-event override of calendar_preferences.auto_join_enabled; null follows the preference.';
create index calendar_events_session_idx on calendar_events(session_id);
create index calendar_events_auto_session_idx on calendar_events(auto_session_id);
create index calendar_events_start_idx on calendar_events(start_time);
create index calendar_events_bot_idx on calendar_events(bot_id);
create trigger calendar_events_touch before update on calendar_events for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- calendar_preferences
create table calendar_preferences (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null unique references users(id) on delete cascade,
  auto_join_enabled boolean not null default false,
  join_buffer_minutes integer not null default 1 check (join_buffer_minutes between 0 and 60),
  auto_record_enabled boolean not null default false,
  notify_before_join boolean not null default true,
  notify_minutes_before integer not null default 5 check (notify_minutes_before between 0 and 120),
  excluded_keywords text[] not null default '{}',
  included_domains text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table calendar_preferences is 'Auto-join and notification preferences, one row per user; only that user reads and writes it.';
create trigger calendar_preferences_touch before update on calendar_preferences for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- calendar_auto_join_logs
create table calendar_auto_join_logs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references users(id) on delete cascade,
  calendar_event_id uuid references calendar_events(id) on delete set null,
  session_id uuid references sessions(id) on delete set null,
  bot_id text,
  action text not null,
  status text not null check (status in ('success', 'failed', 'skipped', 'pending')),
  error_message text,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table calendar_auto_join_logs is 'What the auto-joiner did and why. The user reads own rows; the scheduler writes as service_role.';
create index calendar_auto_join_logs_user_idx on calendar_auto_join_logs(user_id, created_at);
create index calendar_auto_join_logs_event_idx on calendar_auto_join_logs(calendar_event_id);
create index calendar_auto_join_logs_session_idx on calendar_auto_join_logs(session_id);

-- ---------------------------------------------------------------- calendar_webhooks
create table calendar_webhooks (
  id uuid primary key default gen_random_uuid(),
  calendar_connection_id uuid references calendar_connections(id) on delete cascade,
  event_type text not null,
  payload jsonb not null default '{}',
  processed_at timestamptz,
  error text,
  created_at timestamptz not null default now()
);
comment on table calendar_webhooks is 'System-only inbox of calendar webhook deliveries: RLS on, no policies, service_role only.';
create index calendar_webhooks_connection_idx on calendar_webhooks(calendar_connection_id);
create index calendar_webhooks_unprocessed_idx on calendar_webhooks(created_at) where processed_at is null;

-- ---------------------------------------------------------------- meeting_notifications
create table meeting_notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  calendar_event_id uuid references calendar_events(id) on delete cascade,
  session_id uuid references sessions(id) on delete cascade,
  notification_type text not null check (notification_type in (
    'meeting_starting', 'bot_deployed', 'bot_joined', 'bot_failed', 'recording_ready', 'summary_ready')),
  title text not null,
  message text,
  action_url text,
  is_read boolean not null default false,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table meeting_notifications is 'In-app notifications. The recipient reads, marks read and deletes; the server creates them as service_role.';
create index meeting_notifications_user_idx on meeting_notifications(user_id, is_read, created_at desc);
create index meeting_notifications_event_idx on meeting_notifications(calendar_event_id);
create index meeting_notifications_session_idx on meeting_notifications(session_id);
create trigger meeting_notifications_touch before update on meeting_notifications for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- recall_ai_webhooks
create table recall_ai_webhooks (
  id uuid primary key default gen_random_uuid(),
  session_id uuid references sessions(id) on delete set null,
  bot_id text,
  event_type text not null,
  event_id text unique,
  event_data jsonb not null default '{}',
  processed boolean not null default false,
  processed_at timestamptz,
  error text,
  created_at timestamptz not null default now()
);
comment on table recall_ai_webhooks is 'System-only inbox of Recall.ai webhooks (event_id unique makes replays no-ops): RLS on, no policies, service_role only.';
create index recall_ai_webhooks_session_idx on recall_ai_webhooks(session_id);
create index recall_ai_webhooks_bot_idx on recall_ai_webhooks(bot_id);
create index recall_ai_webhooks_unprocessed_idx on recall_ai_webhooks(created_at) where not processed;

-- ---------------------------------------------------------------- bot_recordings
create table bot_recordings (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  bot_id text not null,
  recording_id text,
  recording_url text,
  recording_status text not null default 'processing' check (recording_status in ('processing', 'ready', 'failed', 'expired')),
  recording_expires_at timestamptz,
  duration_seconds integer check (duration_seconds is null or duration_seconds >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint bot_recordings_bot_recording_key unique (bot_id, recording_id)
);
comment on table bot_recordings is 'Recordings made by a meeting bot. Follows the session for reading; written by service_role.';
create index bot_recordings_session_idx on bot_recordings(session_id);
create trigger bot_recordings_touch before update on bot_recordings for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- row level security
alter table calendar_connections enable row level security;
alter table calendar_events enable row level security;
alter table calendar_preferences enable row level security;
alter table calendar_auto_join_logs enable row level security;
alter table calendar_webhooks enable row level security;
alter table meeting_notifications enable row level security;
alter table recall_ai_webhooks enable row level security;
alter table bot_recordings enable row level security;

revoke all on calendar_connections, calendar_events, calendar_preferences, calendar_auto_join_logs, calendar_webhooks,
  meeting_notifications, recall_ai_webhooks, bot_recordings from public, anon, authenticated;
grant all on calendar_connections, calendar_events, calendar_preferences, calendar_auto_join_logs, calendar_webhooks,
  meeting_notifications, recall_ai_webhooks, bot_recordings to service_role;

grant select (id, user_id, organization_id, provider, recall_calendar_id, email, display_name, is_active,
  last_synced_at, created_at, updated_at) on calendar_connections to authenticated;
grant update (display_name, is_active, updated_at) on calendar_connections to authenticated;
grant delete on calendar_connections to authenticated;
create policy calendar_connections_select on calendar_connections for select to authenticated using (user_id = auth.uid());
create policy calendar_connections_update on calendar_connections for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy calendar_connections_delete on calendar_connections for delete to authenticated using (user_id = auth.uid());

grant select on calendar_events to authenticated;
grant update (auto_join_enabled, updated_at) on calendar_events to authenticated;
create policy calendar_events_select on calendar_events for select to authenticated
  using (app.owns_calendar_connection(calendar_connection_id));
create policy calendar_events_update on calendar_events for update to authenticated
  using (app.owns_calendar_connection(calendar_connection_id))
  with check (app.owns_calendar_connection(calendar_connection_id));

grant select, insert, update, delete on calendar_preferences to authenticated;
create policy calendar_preferences_all on calendar_preferences for all to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());

grant select on calendar_auto_join_logs to authenticated;
create policy calendar_auto_join_logs_select on calendar_auto_join_logs for select to authenticated
  using (user_id = auth.uid());

grant select, delete on meeting_notifications to authenticated;
grant update (is_read, read_at, updated_at) on meeting_notifications to authenticated;
create policy meeting_notifications_select on meeting_notifications for select to authenticated using (user_id = auth.uid());
create policy meeting_notifications_update on meeting_notifications for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy meeting_notifications_delete on meeting_notifications for delete to authenticated using (user_id = auth.uid());

grant select on bot_recordings to authenticated;
create policy bot_recordings_select on bot_recordings for select to authenticated using (app.can_read_session(session_id));
