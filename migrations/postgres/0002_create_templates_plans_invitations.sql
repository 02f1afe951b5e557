-- Conversation templates (with the sessions.template_id foreign key), subscription plans, and
-- organization invitations.

-- ---------------------------------------------------------------- templates
create table templates (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references users(id) on delete cascade,
  organization_id uuid references organizations(id) on delete cascade,
  name text not null,
  description text,
  conversation_type text not null,
  is_system_template boolean not null default false,
  is_organization_template boolean not null default false,
  is_public boolean not null default false,
  guidance_prompts jsonb not null default '[]',
  context_instructions text,
  default_checklist jsonb not null default '[]',
  report_prompt text,
  usage_count integer not null default 0 check (usage_count >= 0),
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (not is_organization_template or organization_id is not null)
);
comment on table templates is 'Conversation templates. Readable: system and public templates by everyone signed in, organization templates by members, personal ones by their author. Authors write their own; system templates only via service_role.';
comment on column templates.guidance_prompts is 'JSON array of prompts the copilot uses during a call.';
create index templates_user_idx on templates(user_id);
create index templates_organization_idx on templates(organization_id);
create trigger templates_touch before update on templates for each row execute function app.touch_updated_at();

alter table sessions add constraint sessions_template_id_fkey
  foreign key (template_id) references templates(id) on delete set null;

alter table templates enable row level security;
revoke all on templates from public, anon, authenticated;
grant select, insert, delete on templates to authenticated;
grant update (name, description, conversation_type, is_organization_template, is_public, guidance_prompts,
  context_instructions, default_checklist, report_prompt, usage_count, last_used_at, organization_id, updated_at)
  on templates to authenticated;
grant all on templates to service_role;
create policy templates_select on templates for select to authenticated
  using (
    is_system_template or is_public or user_id = auth.uid()
    or (is_organization_template and app.is_org_member(organization_id))
  );
create policy templates_insert on templates for insert to authenticated
  with check (
    user_id = auth.uid() and not is_system_template
    and (organization_id is null or app.is_org_member(organization_id))
  );
create policy templates_update on templates for update to authenticated
  using (user_id = auth.uid() and not is_system_template)
  with check (
    user_id = auth.uid() and not is_system_template
    and (organization_id is null or app.is_org_member(organization_id))
  );
create policy templates_delete on templates for delete to authenticated
  using (user_id = auth.uid() and not is_system_template);

-- ---------------------------------------------------------------- plans
create table plans (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  display_name text not null,
  description text,
  plan_type text not null default 'individual',
  price_monthly numeric(10, 2) not null default 0 check (price_monthly >= 0),
  price_yearly numeric(10, 2) not null default 0 check (price_yearly >= 0),
  stripe_price_id_monthly text,
  stripe_price_id_yearly text,
  monthly_audio_hours_limit integer check (monthly_audio_hours_limit is null or monthly_audio_hours_limit >= 0),
  monthly_bot_minutes_limit integer check (monthly_bot_minutes_limit is null or monthly_bot_minutes_limit >= 0),
  max_documents_per_session integer,
  max_file_size_mb integer,
  max_organization_members integer,
  has_real_time_guidance boolean not null default false,
  has_advanced_summaries boolean not null default false,
  has_export_options boolean not null default false,
  has_email_summaries boolean not null default false,
  has_api_access boolean not null default false,
  has_custom_templates boolean not null default false,
  has_priority_support boolean not null default false,
  has_analytics_dashboard boolean not null default false,
  has_team_collaboration boolean not null default false,
  ai_model_access jsonb not null default '[]',
  is_active boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table plans is 'Subscription plan catalogue. Public: readable by anon and authenticated (pricing page); written only by service_role.';
comment on column plans.monthly_audio_hours_limit is 'Null means unlimited.';
create trigger plans_touch before update on plans for each row execute function app.touch_updated_at();

alter table plans enable row level security;
revoke all on plans from public, anon, authenticated;
grant select on plans to anon, authenticated;
grant all on plans to service_role;
create policy plans_select on plans for select to anon, authenticated using (true);

-- ---------------------------------------------------------------- organization_invitations
create table organization_invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations(id) on delete cascade,
  email text not null,
  role text not null default 'member' check (role in ('admin', 'member')),
  invitation_token text not null unique,
  invited_by uuid references users(id) on delete set null,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'expired')),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table organization_invitations is 'Pending and past invitations. Owners/admins of the organization manage them; the invitee accepts by token through the server (service_role).';
comment on column organization_invitations.invitation_token is 'Secret in the invitation link; store a random 32+ byte value.';
create index organization_invitations_organization_idx on organization_invitations(organization_id);
create index organization_invitations_invited_by_idx on organization_invitations(invited_by);
create index organization_invitations_accepted_by_idx on organization_invitations(accepted_by);
create index organization_invitations_email_idx on organization_invitations(lower(email));
create unique index organization_invitations_pending_email_key
  on organization_invitations(organization_id, lower(email)) where status = 'pending';
create trigger organization_invitations_touch before update on organization_invitations for each row execute function app.touch_updated_at();

alter table organization_invitations enable row level security;
revoke all on organization_invitations from public, anon, authenticated;
grant select, insert, update, delete on organization_invitations to authenticated;
grant all on organization_invitations to service_role;
create policy organization_invitations_select on organization_invitations for select to authenticated
  using (app.is_org_admin(organization_id));
create policy organization_invitations_insert on organization_invitations for insert to authenticated
  with check (app.is_org_admin(organization_id) and invited_by = auth.uid());
create policy organization_invitations_update on organization_invitations for update to authenticated
  using (app.is_org_admin(organization_id)) with check (app.is_org_admin(organization_id));
create policy organization_invitations_delete on organization_invitations for delete to authenticated
  using (app.is_org_admin(organization_id));
