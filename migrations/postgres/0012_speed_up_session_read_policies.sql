-- Read policies evaluated app.can_read_session(session_id) once per row: a member reading an
-- organization session's 5,000 transcripts paid ~0.1 ms a row (bench/rls.ts). They now test
-- membership in app.readable_session_ids(), which Postgres runs once per query as a hashed
-- subplan. Write checks keep the per-row helpers (rows are written one at a time).

create function app.readable_session_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  with me as (select auth.uid() as id)
  select s.id from public.sessions s, me where s.user_id = me.id
  union
  select s.id from public.sessions s
    join public.organization_members m on m.organization_id = s.organization_id
    join me on m.user_id = me.id
  where s.visibility = 'organization'
  union
  select s.id from public.shared_meetings sm
    join public.sessions s on s.id = sm.session_id
    join me on sm.shared_with = me.id
  where s.visibility = 'shared' and (sm.expires_at is null or sm.expires_at > now())
  union
  select s.id from public.organization_shared_meetings osm
    join public.organization_members m on m.organization_id = osm.organization_id
    join me on m.user_id = me.id
    join public.sessions s on s.id = osm.session_id
  where s.visibility = 'shared'
    and (osm.share_scope = 'organization' or (osm.share_scope = 'role' and m.role = any (osm.role_names)))
$$;
comment on function app.readable_session_ids() is 'Every session the requesting user may read (same rule as app.can_read_session), for set-based read policies.';
grant execute on function app.readable_session_ids() to anon, authenticated, service_role;

-- Sessions themselves and every table that simply follows its session.
drop policy sessions_select on sessions;
-- The owner test stays on the row: INSERT … RETURNING checks the new row against this policy,
-- and the set is computed from the statement's snapshot, which does not contain that row yet.
create policy sessions_select on sessions for select to authenticated
  using (user_id = auth.uid() or id in (select app.readable_session_ids()));

drop policy transcripts_select on transcripts;
create policy transcripts_select on transcripts for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy meeting_metadata_select on meeting_metadata;
create policy meeting_metadata_select on meeting_metadata for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy summaries_select on summaries;
create policy summaries_select on summaries for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy guidance_select on guidance;
create policy guidance_select on guidance for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy smart_notes_select on smart_notes;
create policy smart_notes_select on smart_notes for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy custom_reports_select on custom_reports;
create policy custom_reports_select on custom_reports for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy session_context_select on session_context;
create policy session_context_select on session_context for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy prep_checklist_select on prep_checklist;
create policy prep_checklist_select on prep_checklist for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy session_timeline_events_select on session_timeline_events;
create policy session_timeline_events_select on session_timeline_events for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy report_comments_select on report_comments;
create policy report_comments_select on report_comments for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy collaborative_action_items_select on collaborative_action_items;
create policy collaborative_action_items_select on collaborative_action_items for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy report_activity_select on report_activity;
create policy report_activity_select on report_activity for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy bot_recordings_select on bot_recordings;
create policy bot_recordings_select on bot_recordings for select to authenticated
  using (session_id in (select app.readable_session_ids()));

drop policy documents_select on documents;
create policy documents_select on documents for select to authenticated
  using (case when session_id is null then user_id = auth.uid() else session_id in (select app.readable_session_ids()) end);

drop policy conversation_links_select on conversation_links;
create policy conversation_links_select on conversation_links for select to authenticated
  using (session_id in (select app.readable_session_ids()) and linked_session_id in (select app.readable_session_ids()));
