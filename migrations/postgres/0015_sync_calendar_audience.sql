-- calendar_connections and calendar_events are synced to the desktop (read-only there). The feed's
-- audience rule (0006) would read calendar_events as a session child (it has a session_id) and a
-- connection as organisation-visible; both are readable by the connection's owner alone
-- (0008's policies), so that owner is who must receive their deletes, and nobody else.

alter function app.sync_audience(text, jsonb) rename to sync_audience_base;
comment on function app.sync_audience_base(text, jsonb) is 'The audience rule of 0006 for every table without its own rule in app.sync_audience.';

create function app.sync_audience(p_table text, r jsonb, out owners uuid[], out orgs uuid[], out is_public boolean)
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_table = 'calendar_connections' then
    owners := array_remove(array[(r ->> 'user_id')::uuid], null);
    orgs := '{}';
    is_public := false;
  elsif p_table = 'calendar_events' then
    -- A cascade from a deleted connection finds no owner here: the desktop hides events whose
    -- connection it no longer has, and the connection's own delete reaches its owner.
    owners := array(select c.user_id from public.calendar_connections c where c.id = (r ->> 'calendar_connection_id')::uuid);
    orgs := '{}';
    is_public := false;
  else
    select a.owners, a.orgs, a.is_public into owners, orgs, is_public from app.sync_audience_base(p_table, r) a;
  end if;
end
$$;
comment on function app.sync_audience(text, jsonb) is 'Who could read this row image (owners, organizations, public); decides who is sent a delete. Calendar rows: the connection owner only.';

-- Moving a connection to another user changes who reads its events without touching them.
create function app.sync_calendar_owner_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform app.sync_bump_epochs(array[old.user_id, new.user_id]);
  return null;
end
$$;
comment on function app.sync_calendar_owner_changed() is 'AFTER UPDATE OF user_id on calendar_connections: bumps both users'' sync epochs (their calendar_events shapes refetch).';
create trigger sync_visibility_calendar_connections after update of user_id on calendar_connections
  for each row when (old.user_id is distinct from new.user_id)
  execute function app.sync_calendar_owner_changed();
