-- Rotating refresh tokens for the sync server's auth (sync-server/src/auth/refresh-tokens.ts).
-- Only a sha256 of each token is stored. A refresh exchanges a token for a successor in the same
-- family; presenting a token that was already rotated (or revoked) is treated as theft and
-- revokes the whole family. System-only: RLS on with no policies, so only service_role touches it.

create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  family_id uuid not null,
  token_hash text not null unique,
  expires_at timestamptz not null,
  rotated_at timestamptz,
  revoked_at timestamptz,
  revoked_reason text check (revoked_reason is null or revoked_reason in ('logout', 'reuse_detected')),
  created_at timestamptz not null default now()
);
comment on table refresh_tokens is 'Hashed rotating refresh tokens grouped in families (one per sign-in). System-only: RLS on, no policies.';
comment on column refresh_tokens.token_hash is 'Hex sha256 of the opaque token; the token itself is never stored.';
comment on column refresh_tokens.family_id is 'Shared by every token descended from one sign-in; reuse of a rotated token revokes the family.';
comment on column refresh_tokens.rotated_at is 'Set when this token was exchanged for its successor; it is then spent.';
create index refresh_tokens_family_idx on refresh_tokens(family_id);
create index refresh_tokens_user_idx on refresh_tokens(user_id);

alter table refresh_tokens enable row level security;
revoke all on refresh_tokens from public, anon, authenticated;
grant all on refresh_tokens to service_role;
