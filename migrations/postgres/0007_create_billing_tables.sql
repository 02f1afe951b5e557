-- Billing, usage and referrals. Stripe webhooks, jobs and the admin console write through
-- service_role; users read their own rows and organization owners/admins read their org's.

-- ---------------------------------------------------------------- subscriptions
create table subscriptions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references organizations(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  plan_id uuid references plans(id) on delete restrict,
  stripe_customer_id text,
  stripe_subscription_id text unique,
  stripe_price_id text,
  status text not null default 'active' check (status in (
    'active', 'trialing', 'past_due', 'canceled', 'incomplete', 'incomplete_expired', 'unpaid', 'paused')),
  billing_interval text check (billing_interval in ('month', 'year')),
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  canceled_at timestamptz,
  trial_end timestamptz,
  monthly_audio_hours_used numeric(10, 2) not null default 0 check (monthly_audio_hours_used >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (organization_id is not null or user_id is not null)
);
comment on table subscriptions is 'Stripe subscriptions of a user or an organization. The user and members of the organization read; only service_role (Stripe webhooks) writes.';
create index subscriptions_organization_idx on subscriptions(organization_id);
create index subscriptions_user_idx on subscriptions(user_id);
create index subscriptions_plan_idx on subscriptions(plan_id);
create index subscriptions_stripe_customer_idx on subscriptions(stripe_customer_id);
create trigger subscriptions_touch before update on subscriptions for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- subscription_events
create table subscription_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references users(id) on delete set null,
  organization_id uuid references organizations(id) on delete cascade,
  subscription_id uuid references subscriptions(id) on delete cascade,
  event_type text not null,
  stripe_event_id text unique,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table subscription_events is 'Subscription lifecycle log; stripe_event_id is unique so a replayed webhook is a no-op. Own rows and org owners/admins read; service_role writes.';
create index subscription_events_user_idx on subscription_events(user_id);
create index subscription_events_organization_idx on subscription_events(organization_id);
create index subscription_events_subscription_idx on subscription_events(subscription_id, created_at);

-- ---------------------------------------------------------------- user_referrals
create table user_referrals (
  id uuid primary key default gen_random_uuid(),
  referrer_id uuid not null references users(id) on delete cascade,
  referee_id uuid references users(id) on delete set null,
  referee_email text,
  referral_code text not null,
  status text not null default 'pending' check (status in ('pending', 'completed', 'rewarded', 'expired')),
  reward_amount numeric(10, 2) not null default 0 check (reward_amount >= 0),
  discount_percentage numeric(5, 2) not null default 0 check (discount_percentage between 0 and 100),
  stripe_customer_id text,
  stripe_payment_intent_id text,
  ip_address text,
  device_id text,
  completed_at timestamptz,
  rewarded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_referrals_referee_key unique (referee_id)
);
comment on table user_referrals is 'Referrals and their rewards. Referrer and referee read the non-sensitive columns (never IP, device or Stripe ids); service_role writes.';
comment on column user_referrals.ip_address is 'Fraud signal; readable by service_role only.';
create index user_referrals_referrer_idx on user_referrals(referrer_id);
create index user_referrals_code_idx on user_referrals(referral_code);
create trigger user_referrals_touch before update on user_referrals for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- user_credits
create table user_credits (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  amount numeric(10, 2) not null,
  type text not null check (type in ('referral_reward', 'redemption')),
  description text,
  referral_id uuid references user_referrals(id) on delete set null,
  stripe_customer_balance_txn_id text unique,
  expires_at timestamptz,
  expiry_warning_sent boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table user_credits is 'Credit ledger (positive rewards, negative redemptions). The user reads own rows; service_role writes.';
create index user_credits_user_idx on user_credits(user_id, created_at);
create index user_credits_referral_idx on user_credits(referral_id);
create trigger user_credits_touch before update on user_credits for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- usage_tracking
create table usage_tracking (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references organizations(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  session_id uuid references sessions(id) on delete set null,
  minute_timestamp timestamptz not null,
  seconds_recorded integer not null check (seconds_recorded between 0 and 60),
  source text not null default 'desktop_recording',
  created_at timestamptz not null default now(),
  constraint usage_tracking_session_minute_source_key unique (session_id, minute_timestamp, source)
);
comment on table usage_tracking is 'One row per recorded minute. Users insert their own minutes (synced from the desktop) and read them; org owners/admins read the org''s; no updates.';
create index usage_tracking_organization_minute_idx on usage_tracking(organization_id, minute_timestamp);
create index usage_tracking_user_minute_idx on usage_tracking(user_id, minute_timestamp);

-- ---------------------------------------------------------------- monthly_usage_cache
create table monthly_usage_cache (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references organizations(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  month_year text not null check (month_year ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  total_minutes_used integer not null default 0 check (total_minutes_used >= 0),
  total_seconds_used integer not null default 0 check (total_seconds_used >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint monthly_usage_cache_org_user_month_key unique nulls not distinct (organization_id, user_id, month_year)
);
comment on table monthly_usage_cache is 'Per-month usage totals maintained by jobs (service_role). Own rows and org owners/admins read.';
comment on column monthly_usage_cache.month_year is 'YYYY-MM in UTC.';
create index monthly_usage_cache_user_idx on monthly_usage_cache(user_id);
create trigger monthly_usage_cache_touch before update on monthly_usage_cache for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- bot_usage_tracking
create table bot_usage_tracking (
  id uuid primary key default gen_random_uuid(),
  bot_id text not null unique,
  session_id uuid references sessions(id) on delete set null,
  user_id uuid references users(id) on delete cascade,
  organization_id uuid references organizations(id) on delete cascade,
  recording_started_at timestamptz,
  recording_ended_at timestamptz,
  total_recording_seconds integer not null default 0 check (total_recording_seconds >= 0),
  billable_minutes integer not null default 0 check (billable_minutes >= 0),
  status text not null default 'recording' check (status in ('recording', 'completed', 'failed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table bot_usage_tracking is 'Recall.ai bot minutes per bot. Written by service_role from bot webhooks; own rows and org owners/admins read.';
create index bot_usage_tracking_session_idx on bot_usage_tracking(session_id);
create index bot_usage_tracking_user_idx on bot_usage_tracking(user_id);
create index bot_usage_tracking_organization_idx on bot_usage_tracking(organization_id, created_at);
create trigger bot_usage_tracking_touch before update on bot_usage_tracking for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- usage_records
create table usage_records (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references organizations(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  session_id uuid references sessions(id) on delete set null,
  subscription_id uuid references subscriptions(id) on delete set null,
  usage_type text not null,
  quantity numeric(12, 4) not null check (quantity >= 0),
  unit text not null default 'minutes',
  billing_period_start timestamptz,
  billing_period_end timestamptz,
  stripe_usage_record_id text unique,
  created_at timestamptz not null default now()
);
comment on table usage_records is 'Historical usage reported for billing. Written by service_role; own rows and org owners/admins read.';
create index usage_records_organization_idx on usage_records(organization_id, billing_period_start);
create index usage_records_user_idx on usage_records(user_id);
create index usage_records_session_idx on usage_records(session_id);
create index usage_records_subscription_idx on usage_records(subscription_id);

-- ---------------------------------------------------------------- referral_audit_logs
create table referral_audit_logs (
  id uuid primary key default gen_random_uuid(),
  event_type text not null check (event_type in (
    'link_clicked', 'signup_started', 'signup_completed', 'referral_validated', 'first_payment',
    'reward_issued', 'reward_failed', 'fraud_detected', 'referral_expired', 'error')),
  user_id uuid references users(id) on delete set null,
  referrer_id uuid references users(id) on delete set null,
  referee_id uuid references users(id) on delete set null,
  referral_id uuid references user_referrals(id) on delete set null,
  referral_code text,
  ip_address text,
  device_id text,
  user_agent text,
  event_data jsonb not null default '{}',
  error_message text,
  created_at timestamptz not null default now()
);
comment on table referral_audit_logs is 'System-only audit of referral events (contains IPs): RLS on, no policies, service_role only.';
create index referral_audit_logs_user_idx on referral_audit_logs(user_id);
create index referral_audit_logs_referrer_idx on referral_audit_logs(referrer_id);
create index referral_audit_logs_referee_idx on referral_audit_logs(referee_id);
create index referral_audit_logs_referral_idx on referral_audit_logs(referral_id);
create index referral_audit_logs_created_idx on referral_audit_logs(created_at);

-- ---------------------------------------------------------------- referral_fraud_checks
create table referral_fraud_checks (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references users(id) on delete cascade,
  device_id text,
  ip_address text,
  card_fingerprint text,
  check_type text not null,
  flagged boolean not null default false,
  reason text,
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table referral_fraud_checks is 'System-only fraud signals for referrals: RLS on, no policies, service_role only.';
create index referral_fraud_checks_user_idx on referral_fraud_checks(user_id);
create index referral_fraud_checks_device_idx on referral_fraud_checks(device_id);
create index referral_fraud_checks_ip_idx on referral_fraud_checks(ip_address);
create index referral_fraud_checks_card_idx on referral_fraud_checks(card_fingerprint);

-- ---------------------------------------------------------------- row level security
alter table subscriptions enable row level security;
alter table subscription_events enable row level security;
alter table user_referrals enable row level security;
alter table user_credits enable row level security;
alter table usage_tracking enable row level security;
alter table monthly_usage_cache enable row level security;
alter table bot_usage_tracking enable row level security;
alter table usage_records enable row level security;
alter table referral_audit_logs enable row level security;
alter table referral_fraud_checks enable row level security;

revoke all on subscriptions, subscription_events, user_referrals, user_credits, usage_tracking, monthly_usage_cache,
  bot_usage_tracking, usage_records, referral_audit_logs, referral_fraud_checks from public, anon, authenticated;
grant all on subscriptions, subscription_events, user_referrals, user_credits, usage_tracking, monthly_usage_cache,
  bot_usage_tracking, usage_records, referral_audit_logs, referral_fraud_checks to service_role;

grant select on subscriptions, subscription_events, user_credits, monthly_usage_cache, bot_usage_tracking,
  usage_records to authenticated;
grant select, insert on usage_tracking to authenticated;
grant select (id, referrer_id, referee_id, referee_email, referral_code, status, reward_amount, discount_percentage,
  completed_at, rewarded_at, created_at, updated_at) on user_referrals to authenticated;

create policy subscriptions_select on subscriptions for select to authenticated
  using (user_id = auth.uid() or app.is_org_member(organization_id));
create policy subscription_events_select on subscription_events for select to authenticated
  using (user_id = auth.uid() or app.is_org_admin(organization_id));
create policy user_referrals_select on user_referrals for select to authenticated
  using (referrer_id = auth.uid() or referee_id = auth.uid());
create policy user_credits_select on user_credits for select to authenticated
  using (user_id = auth.uid());
create policy usage_tracking_select on usage_tracking for select to authenticated
  using (user_id = auth.uid() or app.is_org_admin(organization_id));
create policy usage_tracking_insert on usage_tracking for insert to authenticated
  with check (
    user_id = auth.uid()
    and (organization_id is null or app.is_org_member(organization_id))
    and (session_id is null or app.can_write_session(session_id))
  );
create policy monthly_usage_cache_select on monthly_usage_cache for select to authenticated
  using (user_id = auth.uid() or app.is_org_admin(organization_id));
create policy bot_usage_tracking_select on bot_usage_tracking for select to authenticated
  using (user_id = auth.uid() or app.is_org_admin(organization_id));
create policy usage_records_select on usage_records for select to authenticated
  using (user_id = auth.uid() or app.is_org_admin(organization_id));
