-- Read-only mirror of the user's connected calendars and their events (synced down from the
-- sync server; the desktop never writes them, so they have no change capture). Same column names
-- as Postgres, minus what the desktop does not use (OAuth secrets, Recall.ai and auto-join fields).

CREATE TABLE calendar_connections (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  organization_id TEXT,
  provider TEXT NOT NULL CHECK (provider IN ('google_calendar', 'microsoft_outlook')),
  email TEXT,
  display_name TEXT,
  is_active INTEGER NOT NULL DEFAULT 1,
  last_synced_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX calendar_connections_user_idx ON calendar_connections(user_id);

-- A connection's events go with it; a deleted session only unlinks its event.
CREATE TABLE calendar_events (
  id TEXT PRIMARY KEY,
  calendar_connection_id TEXT NOT NULL REFERENCES calendar_connections(id) ON DELETE CASCADE,
  session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  auto_session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  title TEXT,
  description TEXT,
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  meeting_url TEXT,
  attendees TEXT NOT NULL DEFAULT '[]',
  organizer_email TEXT,
  is_organizer INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- "Upcoming": a range on start_time, filtered on end_time from the same index.
CREATE INDEX calendar_events_start_idx ON calendar_events(start_time, end_time);
CREATE INDEX calendar_events_connection_start_idx ON calendar_events(calendar_connection_id, start_time);
CREATE INDEX calendar_events_session_idx ON calendar_events(session_id);
CREATE INDEX calendar_events_auto_session_idx ON calendar_events(auto_session_id);
