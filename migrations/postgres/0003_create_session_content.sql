-- Everything produced for one session: metadata, summaries, guidance, smart notes, custom reports,
-- context, documents, links, prep checklist and timeline. Every row follows its session's
-- visibility through app.can_read_session / app.can_write_session.

-- Denormalised user_id / organization_id on child rows must agree with the session, so a writer
-- cannot plant a row in another tenant's shape (the sync proxy filters on these columns).
create function app.session_refs_ok(p_session_id uuid, p_user_id uuid, p_organization_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.sessions s
    where s.id = p_session_id
      and (p_organization_id is null or p_organization_id = s.organization_id)
      and (p_user_id is null or p_user_id = auth.uid() or p_user_id = s.user_id)
  )
$$;
comment on function app.session_refs_ok(uuid, uuid, uuid) is 'True when a child row''s user_id/organization_id match its session (or the requesting user).';
grant execute on function app.session_refs_ok(uuid, uuid, uuid) to anon, authenticated, service_role;

-- ---------------------------------------------------------------- meeting_metadata
create table meeting_metadata (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null unique references sessions(id) on delete cascade,
  platform text,
  meeting_id text,
  host_id text,
  participant_count integer check (participant_count is null or participant_count >= 0),
  meeting_agenda text,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table meeting_metadata is 'One row of meeting context per session. Follows the session: read with can_read_session, write with can_write_session.';
create trigger meeting_metadata_touch before update on meeting_metadata for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- summaries
create table summaries (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  organization_id uuid references organizations(id) on delete cascade,
  title text,
  tldr text,
  structured_notes text,
  key_decisions jsonb not null default '[]',
  action_items jsonb not null default '[]',
  follow_up_questions jsonb not null default '[]',
  conversation_highlights jsonb not null default '[]',
  generation_status text not null default 'pending' check (generation_status in ('pending', 'generating', 'completed', 'failed')),
  generation_error text,
  model_used text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table summaries is 'Post-call summaries. Follow the session; user_id/organization_id must match it.';
create index summaries_session_idx on summaries(session_id);
create index summaries_user_idx on summaries(user_id);
create index summaries_organization_idx on summaries(organization_id);
create trigger summaries_touch before update on summaries for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- guidance
create table guidance (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  triggered_by_transcript_id uuid references transcripts(id) on delete set null,
  content text not null,
  guidance_type text not null,
  priority text not null default 'medium' check (priority in ('high', 'medium', 'low')),
  was_displayed boolean not null default false,
  was_clicked boolean not null default false,
  was_dismissed boolean not null default false,
  user_feedback text check (user_feedback in ('helpful', 'not_helpful')),
  model_used text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table guidance is 'Live copilot suggestions. Follow the session.';
create index guidance_session_idx on guidance(session_id, created_at);
create index guidance_transcript_idx on guidance(triggered_by_transcript_id);
create trigger guidance_touch before update on guidance for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- smart_notes
create table smart_notes (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  organization_id uuid references organizations(id) on delete cascade,
  category text not null check (category in ('key_point', 'action_item', 'decision', 'question', 'insight')),
  content text not null,
  importance text not null default 'medium' check (importance in ('high', 'medium', 'low')),
  is_manual boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table smart_notes is 'AI and manual notes taken during a session. Follow the session; user_id/organization_id must match it.';
create index smart_notes_session_idx on smart_notes(session_id, created_at);
create index smart_notes_user_idx on smart_notes(user_id);
create index smart_notes_organization_idx on smart_notes(organization_id);
create trigger smart_notes_touch before update on smart_notes for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- custom_reports
create table custom_reports (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  prompt text,
  template text,
  generated_content text,
  generation_status text not null default 'pending' check (generation_status in ('pending', 'generating', 'completed', 'failed')),
  model_used text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table custom_reports is 'Reports generated from a user prompt over a session. Follow the session.';
create index custom_reports_session_idx on custom_reports(session_id);
create index custom_reports_user_idx on custom_reports(user_id);
create trigger custom_reports_touch before update on custom_reports for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- session_context
create table session_context (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null unique references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  organization_id uuid references organizations(id) on delete cascade,
  text_context text,
  context_metadata jsonb not null default '{}',
  processing_status text not null default 'completed' check (processing_status in ('pending', 'processing', 'completed', 'failed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table session_context is 'Background context typed or pasted for a session. Follow the session.';
create index session_context_user_idx on session_context(user_id);
create index session_context_organization_idx on session_context(organization_id);
create trigger session_context_touch before update on session_context for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- documents
create table documents (
  id uuid primary key default gen_random_uuid(),
  session_id uuid references sessions(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  organization_id uuid references organizations(id) on delete cascade,
  original_filename text not null,
  file_type text not null,
  file_size_bytes bigint not null check (file_size_bytes >= 0),
  extracted_text text,
  processing_status text not null default 'pending' check (processing_status in ('pending', 'processing', 'completed', 'failed')),
  processing_error text,
  pinecone_vector_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (session_id is not null or user_id is not null)
);
comment on table documents is 'Uploaded documents. Attached to a session: follow the session. Unattached: private to user_id.';
create index documents_session_idx on documents(session_id);
create index documents_user_idx on documents(user_id);
create index documents_organization_idx on documents(organization_id);
create trigger documents_touch before update on documents for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- conversation_links
create table conversation_links (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  linked_session_id uuid not null references sessions(id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversation_links_session_linked_key unique (session_id, linked_session_id),
  check (session_id <> linked_session_id)
);
comment on table conversation_links is 'Links a session to an earlier related one. Visible only when both sessions are; written by writers of session_id.';
create index conversation_links_linked_idx on conversation_links(linked_session_id);
create trigger conversation_links_touch before update on conversation_links for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- prep_checklist
create table prep_checklist (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  created_by uuid references users(id) on delete set null,
  text text not null,
  status text not null default 'open' check (status in ('open', 'done')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table prep_checklist is 'Pre-meeting checklist items. Follow the session.';
create index prep_checklist_session_idx on prep_checklist(session_id);
create index prep_checklist_created_by_idx on prep_checklist(created_by);
create trigger prep_checklist_touch before update on prep_checklist for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- session_timeline_events
create table session_timeline_events (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  event_timestamp double precision not null,
  title text not null,
  description text,
  type text not null,
  importance text not null default 'medium' check (importance in ('high', 'medium', 'low')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table session_timeline_events is 'Notable moments of a session. Follow the session.';
comment on column session_timeline_events.event_timestamp is 'Seconds from the start of the recording (same as the SQLite mirror).';
create index session_timeline_events_session_idx on session_timeline_events(session_id, event_timestamp);
create trigger session_timeline_events_touch before update on session_timeline_events for each row execute function app.touch_updated_at();

-- ---------------------------------------------------------------- row level security
alter table meeting_metadata enable row level security;
alter table summaries enable row level security;
alter table guidance enable row level security;
alter table smart_notes enable row level security;
alter table custom_reports enable row level security;
alter table session_context enable row level security;
alter table documents enable row level security;
alter table conversation_links enable row level security;
alter table prep_checklist enable row level security;
alter table session_timeline_events enable row level security;

revoke all on meeting_metadata, summaries, guidance, smart_notes, custom_reports, session_context, documents,
  conversation_links, prep_checklist, session_timeline_events from public, anon, authenticated;
grant select, insert, update, delete on meeting_metadata, summaries, guidance, smart_notes, custom_reports,
  session_context, documents, conversation_links, prep_checklist, session_timeline_events to authenticated;
grant all on meeting_metadata, summaries, guidance, smart_notes, custom_reports, session_context, documents,
  conversation_links, prep_checklist, session_timeline_events to service_role;

-- Tables whose rows only carry session_id.
create policy meeting_metadata_select on meeting_metadata for select to authenticated using (app.can_read_session(session_id));
create policy meeting_metadata_insert on meeting_metadata for insert to authenticated with check (app.can_write_session(session_id));
create policy meeting_metadata_update on meeting_metadata for update to authenticated
  using (app.can_write_session(session_id)) with check (app.can_write_session(session_id));
create policy meeting_metadata_delete on meeting_metadata for delete to authenticated using (app.can_write_session(session_id));

create policy guidance_select on guidance for select to authenticated using (app.can_read_session(session_id));
create policy guidance_insert on guidance for insert to authenticated with check (app.can_write_session(session_id));
create policy guidance_update on guidance for update to authenticated
  using (app.can_write_session(session_id)) with check (app.can_write_session(session_id));
create policy guidance_delete on guidance for delete to authenticated using (app.can_write_session(session_id));

create policy session_timeline_events_select on session_timeline_events for select to authenticated using (app.can_read_session(session_id));
create policy session_timeline_events_insert on session_timeline_events for insert to authenticated with check (app.can_write_session(session_id));
create policy session_timeline_events_update on session_timeline_events for update to authenticated
  using (app.can_write_session(session_id)) with check (app.can_write_session(session_id));
create policy session_timeline_events_delete on session_timeline_events for delete to authenticated using (app.can_write_session(session_id));

-- Tables that also carry user_id / organization_id (checked against the session).
create policy summaries_select on summaries for select to authenticated using (app.can_read_session(session_id));
create policy summaries_insert on summaries for insert to authenticated
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, organization_id));
create policy summaries_update on summaries for update to authenticated
  using (app.can_write_session(session_id))
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, organization_id));
create policy summaries_delete on summaries for delete to authenticated using (app.can_write_session(session_id));

create policy smart_notes_select on smart_notes for select to authenticated using (app.can_read_session(session_id));
create policy smart_notes_insert on smart_notes for insert to authenticated
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, organization_id));
create policy smart_notes_update on smart_notes for update to authenticated
  using (app.can_write_session(session_id))
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, organization_id));
create policy smart_notes_delete on smart_notes for delete to authenticated using (app.can_write_session(session_id));

create policy custom_reports_select on custom_reports for select to authenticated using (app.can_read_session(session_id));
create policy custom_reports_insert on custom_reports for insert to authenticated
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, null));
create policy custom_reports_update on custom_reports for update to authenticated
  using (app.can_write_session(session_id))
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, null));
create policy custom_reports_delete on custom_reports for delete to authenticated using (app.can_write_session(session_id));

create policy session_context_select on session_context for select to authenticated using (app.can_read_session(session_id));
create policy session_context_insert on session_context for insert to authenticated
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, organization_id));
create policy session_context_update on session_context for update to authenticated
  using (app.can_write_session(session_id))
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, organization_id));
create policy session_context_delete on session_context for delete to authenticated using (app.can_write_session(session_id));

create policy prep_checklist_select on prep_checklist for select to authenticated using (app.can_read_session(session_id));
create policy prep_checklist_insert on prep_checklist for insert to authenticated
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, created_by, null));
create policy prep_checklist_update on prep_checklist for update to authenticated
  using (app.can_write_session(session_id))
  with check (app.can_write_session(session_id) and app.session_refs_ok(session_id, created_by, null));
create policy prep_checklist_delete on prep_checklist for delete to authenticated using (app.can_write_session(session_id));

create policy conversation_links_select on conversation_links for select to authenticated
  using (app.can_read_session(session_id) and app.can_read_session(linked_session_id));
create policy conversation_links_insert on conversation_links for insert to authenticated
  with check (app.can_write_session(session_id) and app.can_read_session(linked_session_id));
create policy conversation_links_update on conversation_links for update to authenticated
  using (app.can_write_session(session_id))
  with check (app.can_write_session(session_id) and app.can_read_session(linked_session_id));
create policy conversation_links_delete on conversation_links for delete to authenticated using (app.can_write_session(session_id));

-- Documents: with a session they follow it; without one they belong to their uploader.
create policy documents_select on documents for select to authenticated
  using (case when session_id is null then user_id = auth.uid() else app.can_read_session(session_id) end);
create policy documents_insert on documents for insert to authenticated
  with check (
    case when session_id is null
      then user_id = auth.uid() and (organization_id is null or app.is_org_member(organization_id))
      else app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, organization_id)
    end
  );
create policy documents_update on documents for update to authenticated
  using (case when session_id is null then user_id = auth.uid() else app.can_write_session(session_id) end)
  with check (
    case when session_id is null
      then user_id = auth.uid() and (organization_id is null or app.is_org_member(organization_id))
      else app.can_write_session(session_id) and app.session_refs_ok(session_id, user_id, organization_id)
    end
  );
create policy documents_delete on documents for delete to authenticated
  using (case when session_id is null then user_id = auth.uid() else app.can_write_session(session_id) end);

-- ---------------------------------------------------------------- vector column (pgvector only)
do $$
begin
  if exists (select 1 from pg_extension where extname = 'vector') then
    execute 'alter table summaries add column content_embedding halfvec(1536)';
    execute 'create index summaries_content_embedding_idx on summaries using hnsw (content_embedding halfvec_cosine_ops)';
    execute 'comment on column summaries.content_embedding is ''Summary embedding (1536 dims, half precision); present only with pgvector.''';
  end if;
end
$$;
