-- personal_context (a user's private notes about themselves, fed to the copilot) was still column-granted
-- to authenticated after 0013, and users_select lets co-members read each other's rows, so any co-member
-- could select it. Column grants cannot tell the owner from a co-member, so authenticated loses the
-- column and the owner reads it through app.own_personal_context(id), which answers only for auth.uid().
-- Updating stays as it was (users_update: own row only; the column is still in the update grant), as
-- long as the statement does not read the column (no `returning personal_context`, no `where` on it).
revoke select (personal_context) on users from authenticated;

create function app.own_personal_context(p_user_id uuid) returns text
language sql stable security definer set search_path = '' as $$
  select u.personal_context from public.users u where u.id = p_user_id and u.id = auth.uid()
$$;
comment on function app.own_personal_context(uuid) is
  'users.personal_context of p_user_id when that is the requesting user (auth.uid()), else null; the only way authenticated reads the column.';
revoke all on function app.own_personal_context(uuid) from public, anon;
grant execute on function app.own_personal_context(uuid) to authenticated, service_role;

comment on column users.personal_context is
  'User-written context fed to the copilot prompts. Private to its owner: authenticated reads it only through app.own_personal_context(id).';
