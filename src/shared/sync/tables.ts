/**
 * The synced tables and the columns both ends exchange (wire format shared by the sync server's
 * /v1/shape and /v1/mutations and the desktop sync client). The columns are the local SQLite
 * mirror's (migrations/sqlite); the server never serves a column outside this list.
 */
export const SYNCED_TABLES = {
  users: ['id', 'email', 'full_name', 'avatar_url', 'current_organization_id', 'personal_context', 'use_case', 'is_admin', 'created_at', 'updated_at'],
  organizations: ['id', 'name', 'display_name', 'slug', 'description', 'max_members', 'monthly_audio_hours_limit', 'created_at', 'updated_at'],
  organization_members: ['id', 'organization_id', 'user_id', 'role', 'permissions', 'monthly_audio_hours_limit', 'current_month_minutes_used', 'created_at', 'updated_at'],
  templates: ['id', 'user_id', 'organization_id', 'name', 'description', 'conversation_type', 'is_system_template', 'is_organization_template', 'is_public', 'guidance_prompts', 'context_instructions', 'default_checklist', 'report_prompt', 'usage_count', 'last_used_at', 'created_at', 'updated_at'],
  sessions: ['id', 'user_id', 'organization_id', 'title', 'conversation_type', 'template_id', 'status', 'meeting_url', 'meeting_platform', 'recording_started_at', 'recording_ended_at', 'recording_duration_seconds', 'participant_me', 'participant_them', 'participants', 'recall_bot_id', 'recall_recording_id', 'ai_instructions', 'visibility', 'deleted_at', 'created_at', 'updated_at'],
  transcripts: ['id', 'session_id', 'content', 'speaker', 'is_owner', 'confidence_score', 'start_time_seconds', 'end_time_seconds', 'duration_seconds', 'sequence_number', 'created_at'],
  smart_notes: ['id', 'session_id', 'user_id', 'organization_id', 'category', 'content', 'importance', 'is_manual', 'created_at', 'updated_at'],
  summaries: ['id', 'session_id', 'user_id', 'organization_id', 'title', 'tldr', 'structured_notes', 'key_decisions', 'action_items', 'follow_up_questions', 'conversation_highlights', 'generation_status', 'generation_error', 'model_used', 'created_at', 'updated_at'],
  guidance: ['id', 'session_id', 'triggered_by_transcript_id', 'content', 'guidance_type', 'priority', 'was_displayed', 'was_clicked', 'was_dismissed', 'user_feedback', 'model_used', 'created_at', 'updated_at'],
  prep_checklist: ['id', 'session_id', 'created_by', 'text', 'status', 'created_at', 'updated_at'],
  session_context: ['id', 'session_id', 'user_id', 'organization_id', 'text_context', 'context_metadata', 'processing_status', 'created_at', 'updated_at'],
  custom_reports: ['id', 'session_id', 'user_id', 'prompt', 'template', 'generated_content', 'generation_status', 'model_used', 'created_at', 'updated_at'],
  session_timeline_events: ['id', 'session_id', 'event_timestamp', 'title', 'description', 'type', 'importance', 'created_at'],
  collaborative_action_items: ['id', 'session_id', 'created_by', 'assigned_to', 'completed_by', 'source_type', 'title', 'description', 'priority', 'status', 'due_date', 'completed_at', 'created_at', 'updated_at'],
  // Never oauth_refresh_token: secrets are not synced (authenticated cannot read it either).
  calendar_connections: ['id', 'user_id', 'organization_id', 'provider', 'email', 'display_name', 'is_active', 'last_synced_at', 'created_at', 'updated_at'],
  calendar_events: ['id', 'calendar_connection_id', 'session_id', 'auto_session_id', 'title', 'description', 'start_time', 'end_time', 'meeting_url', 'attendees', 'organizer_email', 'is_organizer', 'created_at', 'updated_at'],
} as const satisfies Record<string, readonly string[]>;

/** A table the desktop mirrors. */
export type SyncedTable = keyof typeof SYNCED_TABLES;

/** Parents before children: the order the desktop subscribes in and sends mutations. */
export const SYNCED_TABLE_NAMES = Object.keys(SYNCED_TABLES) as SyncedTable[];

/**
 * Tables only the server writes (calendar sync runs there): the desktop never captures local
 * writes to them and POST /v1/mutations refuses them.
 */
export const READ_ONLY_TABLES: readonly SyncedTable[] = ['calendar_connections', 'calendar_events'];

/** True when the desktop may not push mutations to `table`. */
export function isReadOnlyTable(table: SyncedTable): boolean {
  return READ_ONLY_TABLES.includes(table);
}

/**
 * Tables whose rows hang off a session (`session_id`); deleting a session removes them locally.
 * A calendar event only links a session (the server sets it null when the session goes).
 */
export const SESSION_CHILD_TABLES = SYNCED_TABLE_NAMES.filter(
  (table) => table !== 'calendar_events' && (SYNCED_TABLES[table] as readonly string[]).includes('session_id'),
);

/** True when `name` is a synced table. */
export function isSyncedTable(name: unknown): name is SyncedTable {
  return typeof name === 'string' && Object.hasOwn(SYNCED_TABLES, name);
}

/** Most mutations one POST /v1/mutations may carry. */
export const MAX_MUTATIONS_PER_BATCH = 500;
