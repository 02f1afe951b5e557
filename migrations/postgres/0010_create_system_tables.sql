-- System tables: logs, settings, beta waitlist, app-session analytics, webhook retry/dead-letter
-- queues, webhook logs and the embedding queue. All are written by the server as service_role.

-- ---------------------------------------------------------------- system_logs
create table system_logs (
  id uuid primary key default gen_random_uuid(),
  level text not null check (level in ('debug', 'info', 'warning', 'error', 'critical')),
  logger_name text,
  message text not null,
  user_id uuid references users(id) on delete set null,
  session_id uuid references sessions(id) on delete set null,
  module text,
  function_name text,
  line_number integer,
  exception_traceback text,
  request_id text,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table system_logs is 'System-only application log: RLS on, no policies, service_role (admin console) only.';
create index system_logs_created_idx on system_logs(created_at desc);
create index system_logs_level_idx on system_logs(level, created_at desc);
create index system_logs_user_idx on system_logs(user_id);
create index system_logs_session_idx on system_logs(session_id);
create index system_logs_request_idx on system_logs(request_id);

-- ---------------------------------------------------------------- system_settings
create table system_settings (
  key text primary key check (key ~ '^[a-z0-9_.]+$'),
  value jsonb not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table system_settings is 'System-only global configuration (feature flags, limits): RLS on, no policies, service_role only.';
create trigger system_settings_touch before update on system_settings for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- beta_waitlist
create table beta_waitlist (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  email text not null unique,
  company text,
  use_case text,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'invited')),
  referral_source text,
  interest_level text,
  approved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table beta_waitlist is 'System-only beta sign-ups (e-mails of non-users): RLS on, no policies; the public form and admin console go through service_role.';
create index beta_waitlist_status_idx on beta_waitlist(status, created_at);
create trigger beta_waitlist_touch before update on beta_waitlist for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- user_app_sessions
create table user_app_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  session_token text not null unique,
  ip_address text,
  user_agent text,
  device_type text,
  started_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  ended_at timestamptz,
  duration_seconds integer check (duration_seconds is null or duration_seconds >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table user_app_sessions is 'Sign-in sessions for analytics and "signed-in devices". The user reads own rows (never the token); the server writes as service_role.';
comment on column user_app_sessions.session_token is 'Hash of the refresh/session token; not readable by authenticated.';
create index user_app_sessions_user_idx on user_app_sessions(user_id, last_activity_at desc);
create trigger user_app_sessions_touch before update on user_app_sessions for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- webhook_retry_queue
create table webhook_retry_queue (
  id uuid primary key default gen_random_uuid(),
  webhook_type text not null,
  event_type text not null,
  url text not null,
  payload jsonb not null default '{}',
  headers jsonb not null default '{}',
  retry_count integer not null default 0 check (retry_count >= 0),
  max_retries integer not null default 5 check (max_retries >= 0),
  next_retry_at timestamptz not null default now(),
  last_error text,
  status text not null default 'pending' check (status in ('pending', 'processing', 'succeeded', 'failed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table webhook_retry_queue is 'System-only outgoing webhook deliveries with exponential backoff: RLS on, no policies, service_role only.';
create index webhook_retry_queue_due_idx on webhook_retry_queue(next_retry_at) where status = 'pending';
create trigger webhook_retry_queue_touch before update on webhook_retry_queue for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- webhook_dead_letter_queue
create table webhook_dead_letter_queue (
  id uuid primary key default gen_random_uuid(),
  original_webhook_id uuid references webhook_retry_queue(id) on delete set null,
  webhook_type text not null,
  event_type text not null,
  url text,
  payload jsonb not null default '{}',
  retry_count integer not null default 0 check (retry_count >= 0),
  errors jsonb not null default '[]',
  resolved_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table webhook_dead_letter_queue is 'System-only webhooks that exhausted their retries: RLS on, no policies, service_role only.';
create index webhook_dead_letter_queue_original_idx on webhook_dead_letter_queue(original_webhook_id);
create index webhook_dead_letter_queue_created_idx on webhook_dead_letter_queue(created_at);

-- ---------------------------------------------------------------- webhook_logs
create table webhook_logs (
  id uuid primary key default gen_random_uuid(),
  provider text not null default 'stripe',
  event_type text not null,
  event_id text not null,
  status text not null default 'received' check (status in ('received', 'processing', 'processed', 'failed', 'ignored')),
  payload jsonb not null default '{}',
  error_message text,
  processed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhook_logs_provider_event_key unique (provider, event_id)
);
comment on table webhook_logs is 'System-only log of incoming webhooks; (provider, event_id) is unique so a replay is a no-op: RLS on, no policies, service_role only.';
create index webhook_logs_created_idx on webhook_logs(created_at);
create trigger webhook_logs_touch before update on webhook_logs for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- embedding_queue
create table embedding_queue (
  id uuid primary key default gen_random_uuid(),
  table_name text not null check (table_name in ('sessions', 'summaries', 'transcripts', 'documents', 'smart_notes')),
  record_id uuid not null,
  content text not null,
  embedding_column text not null,
  user_id uuid references users(id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  error text,
  processed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table embedding_queue is 'System-only queue of rows waiting for an embedding: RLS on, no policies, service_role (embedding job) only.';
create index embedding_queue_pending_idx on embedding_queue(created_at) where status = 'pending';
create index embedding_queue_record_idx on embedding_queue(table_name, record_id);
create index embedding_queue_user_idx on embedding_queue(user_id);
create trigger embedding_queue_touch before update on embedding_queue for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- row level security
alter table system_logs enable row level security;
alter table system_settings enable row level security;
alter table beta_waitlist enable row level security;
alter table user_app_sessions enable row level security;
alter table webhook_retry_queue enable row level security;
alter table webhook_dead_letter_queue enable row level security;
alter table webhook_logs enable row level security;
alter table embedding_queue enable row level security;

revoke all on system_logs, system_settings, beta_waitlist, user_app_sessions, webhook_retry_queue,
  webhook_dead_letter_queue, webhook_logs, embedding_queue from public, anon, authenticated;
grant all on system_logs, system_settings, beta_waitlist, user_app_sessions, webhook_retry_queue,
  webhook_dead_letter_queue, webhook_logs, embedding_queue to service_role;

grant select (id, user_id, ip_address, user_agent, device_type, started_at, last_activity_at, ended_at,
  duration_seconds, created_at, updated_at) on user_app_sessions to authenticated;
create policy user_app_sessions_select on user_app_sessions for select to authenticated using (user_id = auth.uid());
