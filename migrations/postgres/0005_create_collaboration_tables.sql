-- Sharing and collaboration around a session's report: share links, sharing audit, comments,
-- collaborators, action items, bookmarks, mentions and the activity feed.
-- Public report pages (/r/:token) and guest comments are served by the server as service_role.

-- ---------------------------------------------------------------- shared_reports
create table shared_reports (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  share_token text not null unique,
  shared_tabs text[] not null default '{summary}',
  expires_at timestamptz,
  accessed_count integer not null default 0 check (accessed_count >= 0),
  last_accessed_at timestamptz,
  share_with_participants boolean not null default false,
  excluded_participants text[] not null default '{}',
  email_send_status jsonb not null default '{}',
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table shared_reports is 'Web links to a session report. The link''s creator and the session owner see and manage them (the token is a secret); writers of the session create them.';
comment on column shared_reports.share_token is 'Random secret in /r/:token; anyone holding it reads the shared tabs until expires_at.';
create index shared_reports_session_idx on shared_reports(session_id);
create index shared_reports_user_idx on shared_reports(user_id);
create trigger shared_reports_touch before update on shared_reports for each row execute function app.touch_updated_at();

alter table shared_reports enable row level security;
revoke all on shared_reports from public, anon, authenticated;
grant select, insert, delete on shared_reports to authenticated;
grant update (shared_tabs, expires_at, share_with_participants, excluded_participants, is_active, updated_at)
  on shared_reports to authenticated;
grant all on shared_reports to service_role;
create policy shared_reports_select on shared_reports for select to authenticated
  using (user_id = auth.uid() or app.is_session_owner(session_id));
create policy shared_reports_insert on shared_reports for insert to authenticated
  with check (user_id = auth.uid() and app.can_write_session(session_id));
create policy shared_reports_update on shared_reports for update to authenticated
  using (user_id = auth.uid() or app.is_session_owner(session_id))
  with check (app.can_read_session(session_id));
create policy shared_reports_delete on shared_reports for delete to authenticated
  using (user_id = auth.uid() or app.is_session_owner(session_id));

-- ---------------------------------------------------------------- sharing_activity
create table sharing_activity (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  action text not null check (action in ('shared', 'unshared', 'accessed', 'permissions_changed')),
  target_user_id uuid references users(id) on delete set null,
  target_organization_id uuid references organizations(id) on delete set null,
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table sharing_activity is 'Append-only audit of sharing actions. The session owner and the acting user read it; users append their own actions on sessions they can read.';
create index sharing_activity_session_idx on sharing_activity(session_id, created_at);
create index sharing_activity_user_idx on sharing_activity(user_id);
create index sharing_activity_target_user_idx on sharing_activity(target_user_id);
create index sharing_activity_target_organization_idx on sharing_activity(target_organization_id);

alter table sharing_activity enable row level security;
revoke all on sharing_activity from public, anon, authenticated;
grant select, insert on sharing_activity to authenticated;
grant all on sharing_activity to service_role;
create policy sharing_activity_select on sharing_activity for select to authenticated
  using (user_id = auth.uid() or app.is_session_owner(session_id));
create policy sharing_activity_insert on sharing_activity for insert to authenticated
  with check (
    user_id = auth.uid() and app.can_read_session(session_id)
    and (target_organization_id is null or app.is_org_member(target_organization_id))
  );

-- ---------------------------------------------------------------- report_comments
create table report_comments (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  parent_comment_id uuid references report_comments(id) on delete cascade,
  content text not null,
  selected_text text,
  section_id text,
  is_resolved boolean not null default false,
  resolved_by uuid references users(id) on delete set null,
  resolved_at timestamptz,
  reactions jsonb not null default '{}',
  guest_id text,
  guest_name text,
  is_edited boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (user_id is not null or guest_id is not null)
);
comment on table report_comments is 'Threaded comments on a session report. Readers of the session read and post (as themselves); authors edit and delete theirs; the session owner moderates. Guests post through the server.';
create index report_comments_session_idx on report_comments(session_id, created_at);
create index report_comments_user_idx on report_comments(user_id);
create index report_comments_parent_idx on report_comments(parent_comment_id);
create index report_comments_resolved_by_idx on report_comments(resolved_by);
create trigger report_comments_touch before update on report_comments for each row execute function app.touch_updated_at();

alter table report_comments enable row level security;
revoke all on report_comments from public, anon, authenticated;
grant select, insert, delete on report_comments to authenticated;
grant update (content, is_resolved, resolved_by, resolved_at, reactions, is_edited, updated_at) on report_comments to authenticated;
grant all on report_comments to service_role;
create policy report_comments_select on report_comments for select to authenticated
  using (app.can_read_session(session_id));
create policy report_comments_insert on report_comments for insert to authenticated
  with check (user_id = auth.uid() and guest_id is null and app.can_read_session(session_id));
create policy report_comments_update on report_comments for update to authenticated
  using (app.can_read_session(session_id) and (user_id = auth.uid() or app.is_session_owner(session_id)))
  with check (app.can_read_session(session_id));
create policy report_comments_delete on report_comments for delete to authenticated
  using (user_id = auth.uid() or app.is_session_owner(session_id));

-- ---------------------------------------------------------------- report_collaborators
create table report_collaborators (
  id uuid primary key default gen_random_uuid(),
  shared_report_id uuid references shared_reports(id) on delete cascade,
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  user_email text not null,
  role text not null default 'viewer' check (role in ('viewer', 'commenter', 'editor')),
  invited_by uuid references users(id) on delete set null,
  accepted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint report_collaborators_session_email_key unique (session_id, user_email)
);
comment on table report_collaborators is 'People invited to collaborate on a report. The session owner manages them; invitees and inviters read their rows; acceptance goes through the server.';
create index report_collaborators_shared_report_idx on report_collaborators(shared_report_id);
create index report_collaborators_user_idx on report_collaborators(user_id);
create index report_collaborators_invited_by_idx on report_collaborators(invited_by);
create trigger report_collaborators_touch before update on report_collaborators for each row execute function app.touch_updated_at();

alter table report_collaborators enable row level security;
revoke all on report_collaborators from public, anon, authenticated;
grant select, insert, update, delete on report_collaborators to authenticated;
grant all on report_collaborators to service_role;
create policy report_collaborators_select on report_collaborators for select to authenticated
  using (user_id = auth.uid() or invited_by = auth.uid() or app.is_session_owner(session_id));
create policy report_collaborators_insert on report_collaborators for insert to authenticated
  with check (invited_by = auth.uid() and app.is_session_owner(session_id));
create policy report_collaborators_update on report_collaborators for update to authenticated
  using (app.is_session_owner(session_id)) with check (app.is_session_owner(session_id));
create policy report_collaborators_delete on report_collaborators for delete to authenticated
  using (user_id = auth.uid() or app.is_session_owner(session_id));

-- ---------------------------------------------------------------- collaborative_action_items
create table collaborative_action_items (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  created_by uuid references users(id) on delete set null,
  assigned_to uuid references users(id) on delete set null,
  completed_by uuid references users(id) on delete set null,
  source_type text not null default 'manual' check (source_type in ('ai_generated', 'comment', 'manual')),
  source_comment_id uuid references report_comments(id) on delete set null,
  title text not null,
  description text,
  priority text not null default 'medium' check (priority in ('high', 'medium', 'low', 'urgent')),
  status text not null default 'pending' check (status in ('pending', 'in_progress', 'completed', 'cancelled')),
  due_date date,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table collaborative_action_items is 'Tasks from a meeting. Readers of the session read them and create their own; writers of the session, creators and assignees update them.';
create index collaborative_action_items_session_idx on collaborative_action_items(session_id);
create index collaborative_action_items_created_by_idx on collaborative_action_items(created_by);
create index collaborative_action_items_assigned_to_idx on collaborative_action_items(assigned_to, status);
create index collaborative_action_items_completed_by_idx on collaborative_action_items(completed_by);
create index collaborative_action_items_source_comment_idx on collaborative_action_items(source_comment_id);
create trigger collaborative_action_items_touch before update on collaborative_action_items for each row execute function app.touch_updated_at();

alter table collaborative_action_items enable row level security;
revoke all on collaborative_action_items from public, anon, authenticated;
grant select, insert, update, delete on collaborative_action_items to authenticated;
grant all on collaborative_action_items to service_role;
create policy collaborative_action_items_select on collaborative_action_items for select to authenticated
  using (app.can_read_session(session_id));
create policy collaborative_action_items_insert on collaborative_action_items for insert to authenticated
  with check (app.can_write_session(session_id) or (created_by = auth.uid() and app.can_read_session(session_id)));
create policy collaborative_action_items_update on collaborative_action_items for update to authenticated
  using (
    app.can_write_session(session_id)
    or ((created_by = auth.uid() or assigned_to = auth.uid()) and app.can_read_session(session_id))
  )
  with check (app.can_read_session(session_id));
create policy collaborative_action_items_delete on collaborative_action_items for delete to authenticated
  using (app.can_write_session(session_id) or (created_by = auth.uid() and app.can_read_session(session_id)));

-- ---------------------------------------------------------------- report_bookmarks
create table report_bookmarks (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  title text not null,
  section_id text,
  content_snippet text,
  color text,
  position_data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table report_bookmarks is 'Personal bookmarks in a report: only their owner, while the session stays readable to them.';
create index report_bookmarks_session_idx on report_bookmarks(session_id);
create index report_bookmarks_user_idx on report_bookmarks(user_id, session_id);
create trigger report_bookmarks_touch before update on report_bookmarks for each row execute function app.touch_updated_at();

alter table report_bookmarks enable row level security;
revoke all on report_bookmarks from public, anon, authenticated;
grant select, insert, update, delete on report_bookmarks to authenticated;
grant all on report_bookmarks to service_role;
create policy report_bookmarks_all on report_bookmarks for all to authenticated
  using (user_id = auth.uid() and app.can_read_session(session_id))
  with check (user_id = auth.uid() and app.can_read_session(session_id));

-- ---------------------------------------------------------------- comment_mentions
create table comment_mentions (
  id uuid primary key default gen_random_uuid(),
  comment_id uuid not null references report_comments(id) on delete cascade,
  mentioned_user_id uuid not null references users(id) on delete cascade,
  is_read boolean not null default false,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint comment_mentions_comment_user_key unique (comment_id, mentioned_user_id)
);
comment on table comment_mentions is '@mentions in comments. The mentioned user reads and marks them read; the comment''s author creates and removes them.';
create index comment_mentions_mentioned_user_idx on comment_mentions(mentioned_user_id, is_read);
create trigger comment_mentions_touch before update on comment_mentions for each row execute function app.touch_updated_at();

create function app.is_comment_author(p_comment_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.report_comments c where c.id = p_comment_id and c.user_id = auth.uid())
$$;
comment on function app.is_comment_author(uuid) is 'True when the requesting user wrote the comment.';
grant execute on function app.is_comment_author(uuid) to anon, authenticated, service_role;

alter table comment_mentions enable row level security;
revoke all on comment_mentions from public, anon, authenticated;
grant select, insert, delete on comment_mentions to authenticated;
grant update (is_read, read_at, updated_at) on comment_mentions to authenticated;
grant all on comment_mentions to service_role;
create policy comment_mentions_select on comment_mentions for select to authenticated
  using (mentioned_user_id = auth.uid() or app.is_comment_author(comment_id));
create policy comment_mentions_insert on comment_mentions for insert to authenticated
  with check (app.is_comment_author(comment_id));
create policy comment_mentions_update on comment_mentions for update to authenticated
  using (mentioned_user_id = auth.uid()) with check (mentioned_user_id = auth.uid());
create policy comment_mentions_delete on comment_mentions for delete to authenticated
  using (app.is_comment_author(comment_id));

-- ---------------------------------------------------------------- report_activity
create table report_activity (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  activity_type text not null check (activity_type in (
    'viewed', 'commented', 'task_created', 'task_completed', 'task_assigned', 'bookmarked',
    'shared', 'exported', 'comment_resolved', 'mentioned')),
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table report_activity is 'Append-only activity feed of a report. Readers of the session read it and append their own events.';
create index report_activity_session_idx on report_activity(session_id, created_at desc);
create index report_activity_user_idx on report_activity(user_id);

alter table report_activity enable row level security;
revoke all on report_activity from public, anon, authenticated;
grant select, insert on report_activity to authenticated;
grant all on report_activity to service_role;
create policy report_activity_select on report_activity for select to authenticated
  using (app.can_read_session(session_id));
create policy report_activity_insert on report_activity for insert to authenticated
  with check (user_id = auth.uid() and app.can_read_session(session_id));
