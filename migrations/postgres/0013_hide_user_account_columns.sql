-- Co-members can read each other's profile rows (users_select), which also exposed OAuth subject
-- ids and the Stripe customer id. Those are only ever needed by the server (service_role), so
-- signed-in users now read profile columns only. personal_context stays readable because the
-- desktop mirrors it for its owner and column grants cannot tell the owner from a co-member.
revoke select on users from authenticated;
grant select (id, email, full_name, avatar_url, current_organization_id, personal_context, is_admin, use_case,
  referral_code, referred_by_user_id, created_at, updated_at) on users to authenticated;
comment on column users.google_id is 'Google OAuth subject; readable by service_role only.';
comment on column users.microsoft_id is 'Microsoft OAuth subject; readable by service_role only.';
comment on column users.stripe_customer_id is 'Stripe customer; readable by service_role only.';
