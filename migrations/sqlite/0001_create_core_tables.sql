-- Local mirror of the server tables the desktop uses. Column names follow the seed schema.
-- Conventions: ids are UUID text, *_at are epoch milliseconds, JSON columns are TEXT holding JSON,
-- booleans are INTEGER 0/1.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT UNIQUE,
  full_name TEXT,
  avatar_url TEXT,
  current_organization_id TEXT,
  personal_context TEXT,
  use_case TEXT,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  display_name TEXT,
  slug TEXT UNIQUE,
  description TEXT,
  max_members INTEGER,
  monthly_audio_hours_limit INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE organization_members (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL DEFAULT 'member',
  permissions TEXT NOT NULL DEFAULT '{}',
  monthly_audio_hours_limit INTEGER,
  current_month_minutes_used INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (organization_id, user_id)
);
CREATE INDEX organization_members_user_idx ON organization_members(user_id);

CREATE TABLE templates (
  id TEXT PRIMARY KEY,
  user_id TEXT,
  organization_id TEXT,
  name TEXT NOT NULL,
  description TEXT,
  conversation_type TEXT NOT NULL,
  is_system_template INTEGER NOT NULL DEFAULT 0,
  is_organization_template INTEGER NOT NULL DEFAULT 0,
  is_public INTEGER NOT NULL DEFAULT 0,
  guidance_prompts TEXT NOT NULL DEFAULT '[]',
  context_instructions TEXT,
  default_checklist TEXT NOT NULL DEFAULT '[]',
  report_prompt TEXT,
  usage_count INTEGER NOT NULL DEFAULT 0,
  last_used_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX templates_user_idx ON templates(user_id);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT,
  organization_id TEXT,
  title TEXT NOT NULL,
  conversation_type TEXT,
  template_id TEXT REFERENCES templates(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'active', 'paused', 'completed', 'archived')),
  meeting_url TEXT,
  meeting_platform TEXT CHECK (meeting_platform IN ('zoom', 'google_meet', 'teams', 'local')),
  recording_started_at INTEGER,
  recording_ended_at INTEGER,
  recording_duration_seconds INTEGER NOT NULL DEFAULT 0,
  participant_me TEXT,
  participant_them TEXT,
  participants TEXT NOT NULL DEFAULT '[]',
  recall_bot_id TEXT,
  recall_recording_id TEXT,
  ai_instructions TEXT,
  visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'organization', 'shared')),
  deleted_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sessions_user_created_idx ON sessions(user_id, created_at DESC);
CREATE INDEX sessions_created_idx ON sessions(created_at DESC);

CREATE TABLE transcripts (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  content TEXT NOT NULL,
  speaker TEXT NOT NULL,
  is_owner INTEGER NOT NULL DEFAULT 0,
  confidence_score REAL,
  start_time_seconds REAL NOT NULL DEFAULT 0,
  end_time_seconds REAL NOT NULL DEFAULT 0,
  duration_seconds REAL NOT NULL DEFAULT 0,
  sequence_number INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (session_id, sequence_number)
);

CREATE TABLE meeting_metadata (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
  platform TEXT,
  meeting_id TEXT,
  host_id TEXT,
  participant_count INTEGER,
  meeting_agenda TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE summaries (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  user_id TEXT,
  organization_id TEXT,
  title TEXT,
  tldr TEXT,
  structured_notes TEXT,
  key_decisions TEXT NOT NULL DEFAULT '[]',
  action_items TEXT NOT NULL DEFAULT '[]',
  follow_up_questions TEXT NOT NULL DEFAULT '[]',
  conversation_highlights TEXT NOT NULL DEFAULT '[]',
  generation_status TEXT NOT NULL DEFAULT 'pending'
    CHECK (generation_status IN ('pending', 'generating', 'completed', 'failed')),
  generation_error TEXT,
  model_used TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX summaries_session_idx ON summaries(session_id);

CREATE TABLE guidance (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  triggered_by_transcript_id TEXT REFERENCES transcripts(id) ON DELETE SET NULL,
  content TEXT NOT NULL,
  guidance_type TEXT NOT NULL,
  priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
  was_displayed INTEGER NOT NULL DEFAULT 0,
  was_clicked INTEGER NOT NULL DEFAULT 0,
  was_dismissed INTEGER NOT NULL DEFAULT 0,
  user_feedback TEXT CHECK (user_feedback IN ('helpful', 'not_helpful')),
  model_used TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX guidance_session_idx ON guidance(session_id, created_at);

CREATE TABLE smart_notes (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  user_id TEXT,
  organization_id TEXT,
  category TEXT NOT NULL CHECK (category IN ('key_point', 'action_item', 'decision', 'question', 'insight')),
  content TEXT NOT NULL,
  importance TEXT NOT NULL DEFAULT 'medium' CHECK (importance IN ('high', 'medium', 'low')),
  is_manual INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX smart_notes_session_idx ON smart_notes(session_id, created_at);

CREATE TABLE custom_reports (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  user_id TEXT,
  prompt TEXT,
  template TEXT,
  generated_content TEXT,
  generation_status TEXT NOT NULL DEFAULT 'pending'
    CHECK (generation_status IN ('pending', 'generating', 'completed', 'failed')),
  model_used TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX custom_reports_session_idx ON custom_reports(session_id);

CREATE TABLE session_context (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
  user_id TEXT,
  organization_id TEXT,
  text_context TEXT,
  context_metadata TEXT NOT NULL DEFAULT '{}',
  processing_status TEXT NOT NULL DEFAULT 'completed'
    CHECK (processing_status IN ('pending', 'processing', 'completed', 'failed')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE,
  user_id TEXT,
  organization_id TEXT,
  original_filename TEXT NOT NULL,
  file_type TEXT NOT NULL,
  file_size_bytes INTEGER NOT NULL,
  extracted_text TEXT,
  processing_status TEXT NOT NULL DEFAULT 'pending'
    CHECK (processing_status IN ('pending', 'processing', 'completed', 'failed')),
  processing_error TEXT,
  pinecone_vector_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX documents_session_idx ON documents(session_id);

CREATE TABLE conversation_links (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  linked_session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (session_id, linked_session_id),
  CHECK (session_id <> linked_session_id)
);
CREATE INDEX conversation_links_linked_idx ON conversation_links(linked_session_id);

CREATE TABLE prep_checklist (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_by TEXT,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX prep_checklist_session_idx ON prep_checklist(session_id);

CREATE TABLE session_timeline_events (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  event_timestamp REAL NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  type TEXT NOT NULL,
  importance TEXT NOT NULL DEFAULT 'medium' CHECK (importance IN ('high', 'medium', 'low')),
  created_at INTEGER NOT NULL
);
CREATE INDEX session_timeline_events_session_idx ON session_timeline_events(session_id, event_timestamp);

CREATE TABLE collaborative_action_items (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_by TEXT,
  assigned_to TEXT,
  completed_by TEXT,
  source_type TEXT NOT NULL DEFAULT 'manual' CHECK (source_type IN ('ai_generated', 'comment', 'manual')),
  title TEXT NOT NULL,
  description TEXT,
  priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low', 'urgent')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'completed', 'cancelled')),
  due_date TEXT,
  completed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX collaborative_action_items_session_idx ON collaborative_action_items(session_id);

CREATE TABLE usage_tracking (
  id TEXT PRIMARY KEY,
  organization_id TEXT,
  user_id TEXT,
  session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  minute_timestamp INTEGER NOT NULL,
  seconds_recorded INTEGER NOT NULL CHECK (seconds_recorded BETWEEN 0 AND 60),
  source TEXT NOT NULL DEFAULT 'desktop_recording',
  created_at INTEGER NOT NULL,
  UNIQUE (session_id, minute_timestamp, source)
);

CREATE TABLE user_preferences (
  id TEXT PRIMARY KEY,
  user_id TEXT UNIQUE,
  email_notifications_enabled INTEGER NOT NULL DEFAULT 1,
  email_post_call_summary INTEGER NOT NULL DEFAULT 1,
  email_weekly_digest INTEGER NOT NULL DEFAULT 0,
  email_important_insights INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Local-only settings (engine choice, endpoints; never secrets).
CREATE TABLE app_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Sync: local writes waiting for the server, and per-shape stream positions.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  table_name TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  row_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  previous TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'confirmed', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  txid TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_status_idx ON outbox(status, next_attempt_at);

CREATE TABLE sync_state (
  table_name TEXT PRIMARY KEY,
  shape_handle TEXT,
  shape_offset TEXT,
  rows_synced INTEGER NOT NULL DEFAULT 0,
  is_up_to_date INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
