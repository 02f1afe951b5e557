-- Tightens two holes left by 0001:
-- 1. A full-share grantee could update sessions.user_id / visibility / organization_id and so take
--    the session over or expose it to their own organization, yet could not edit the title.
--    Only the owner may change who can see a session; ownership moves only through service_role.
-- 2. An organization admin could demote or remove an owner, or make anyone an owner. Only owners
--    may create, change or remove owner memberships.

-- ---------------------------------------------------------------- sessions
revoke update on sessions from authenticated;
grant update (title, conversation_type, template_id, status, meeting_url, meeting_platform, recording_started_at,
  recording_ended_at, recording_duration_seconds, participant_me, participant_them, participants, ai_instructions,
  visibility, organization_id, deleted_at, updated_at) on sessions to authenticated;

create function app.guard_session_access_change() returns trigger
language plpgsql as $$
begin
  if current_user = 'authenticated'
     and (new.visibility is distinct from old.visibility or new.organization_id is distinct from old.organization_id)
     and old.user_id is distinct from auth.uid() then
    raise exception 'only the session owner can change its visibility or organization'
      using errcode = '42501';
  end if;
  return new;
end
$$;
comment on function app.guard_session_access_change() is 'BEFORE UPDATE trigger on sessions: only the owner changes visibility or organization_id.';
create trigger sessions_guard_access_change before update of visibility, organization_id on sessions
  for each row execute function app.guard_session_access_change();

-- The 0001 policy also demanded membership of the session's organization from full-share
-- grantees, who usually are not members; the trigger above already stops them moving it.
drop policy sessions_update on sessions;
create policy sessions_update on sessions for update to authenticated
  using (user_id = auth.uid() or (visibility = 'shared' and app.is_shared_with_me(id, 'full')))
  with check (
    (user_id = auth.uid() and (organization_id is null or app.is_org_member(organization_id)))
    or (visibility = 'shared' and app.is_shared_with_me(id, 'full'))
  );

-- ---------------------------------------------------------------- organization_members
create function app.is_org_owner(p_organization_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.organization_members m
    where m.organization_id = p_organization_id and m.user_id = auth.uid() and m.role = 'owner'
  )
$$;
comment on function app.is_org_owner(uuid) is 'True when the requesting user is an owner of the organization.';
grant execute on function app.is_org_owner(uuid) to anon, authenticated, service_role;

drop policy organization_members_insert on organization_members;
drop policy organization_members_update on organization_members;
drop policy organization_members_delete on organization_members;
create policy organization_members_insert on organization_members for insert to authenticated
  with check (app.is_org_admin(organization_id) and (role <> 'owner' or app.is_org_owner(organization_id)));
create policy organization_members_update on organization_members for update to authenticated
  using (app.is_org_admin(organization_id) and (role <> 'owner' or app.is_org_owner(organization_id)))
  with check (app.is_org_admin(organization_id) and (role <> 'owner' or app.is_org_owner(organization_id)));
create policy organization_members_delete on organization_members for delete to authenticated
  using (user_id = auth.uid() or (app.is_org_admin(organization_id) and (role <> 'owner' or app.is_org_owner(organization_id))));
comment on table organization_members is 'Membership and role per organization. Members see their co-members; owners/admins add, change and remove members, but only owners touch owner memberships; anyone may leave.';
