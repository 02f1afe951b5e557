-- Live shape requests learn at once that a user's readable set changed (membership, session
-- visibility, shares): bumping an epoch now also notifies `sync_epochs` with the user id, so the
-- feed re-checks that user's waiting requests and answers 409 must-refetch without delay.
create or replace function app.sync_bump_epochs(p_users uuid[]) returns void
language plpgsql security definer set search_path = '' as $$
declare
  u uuid;
begin
  insert into public.sync_user_epochs (user_id, epoch)
  select distinct x, 1 from unnest(p_users) x where x is not null
  on conflict (user_id) do update set epoch = public.sync_user_epochs.epoch + 1;
  for u in select distinct x from unnest(p_users) x where x is not null loop
    perform pg_notify('sync_epochs', u::text);
  end loop;
end
$$;
comment on function app.sync_bump_epochs(uuid[]) is 'Bumps sync_user_epochs for each user and notifies sync_epochs with their ids.';
