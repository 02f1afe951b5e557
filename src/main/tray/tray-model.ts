/** A recording the tray knows about (started from the tray, the shortcut or the window). */
export interface ActiveRecording {
  sessionId: string;
  title: string;
  startedAt: number;
}

/** A recent session shown in the tray menu. */
export interface RecentSession {
  id: string;
  title: string;
}

/** One tray menu entry, free of Electron types so it can be tested. */
export type TrayMenuItem =
  | { type: 'action'; id: TrayAction; label: string; enabled: boolean; accelerator?: string }
  | { type: 'session'; sessionId: string; label: string }
  | { type: 'header'; label: string }
  | { type: 'separator' };

/** Actions a tray item can trigger. */
export type TrayAction = 'record.start' | 'record.stop' | 'window.open' | 'app.quit';

/** Everything the tray menu depends on. */
export interface TrayModelInput {
  recording: ActiveRecording | null;
  recentSessions: readonly RecentSession[];
  now: number;
  /** Global shortcut shown next to start/stop, if registered. */
  shortcut?: string;
  /** Recording is busy starting or stopping; both actions are disabled. */
  isBusy?: boolean;
}

/** Sessions listed under "Recent". */
export const MAX_RECENT_SESSIONS = 5;
const MAX_TITLE_CHARS = 40;

/** Formats elapsed time as m:ss, or h:mm:ss past an hour. Negative input counts as zero. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The tray tooltip (and macOS menu-bar title while recording). */
export function trayTitle(input: Pick<TrayModelInput, 'recording' | 'now'>): string {
  return input.recording ? `Recording ${formatElapsed(input.now - input.recording.startedAt)}` : 'LiveConvo';
}

/** Builds the tray menu: quick-record start or stop with elapsed time, recent sessions, open, quit. */
export function buildTrayMenu(input: TrayModelInput): TrayMenuItem[] {
  const isBusy = input.isBusy ?? false;
  const accelerator = input.shortcut === undefined ? {} : { accelerator: input.shortcut };
  const items: TrayMenuItem[] = input.recording
    ? [
        { type: 'header', label: `● Recording ${formatElapsed(input.now - input.recording.startedAt)} — ${truncate(input.recording.title)}` },
        { type: 'action', id: 'record.stop', label: 'Stop Recording', enabled: !isBusy, ...accelerator },
      ]
    : [{ type: 'action', id: 'record.start', label: 'Start Quick Recording', enabled: !isBusy, ...accelerator }];
  const recent = input.recentSessions.filter((s) => s.id !== input.recording?.sessionId).slice(0, MAX_RECENT_SESSIONS);
  if (recent.length > 0) {
    items.push({ type: 'separator' }, { type: 'header', label: 'Recent' });
    for (const session of recent) items.push({ type: 'session', sessionId: session.id, label: truncate(session.title) || 'Untitled session' });
  }
  items.push(
    { type: 'separator' },
    { type: 'action', id: 'window.open', label: 'Open LiveConvo', enabled: true },
    { type: 'action', id: 'app.quit', label: 'Quit LiveConvo', enabled: true },
  );
  return items;
}

/** The default title of a session started from the tray or shortcut. */
export function quickRecordTitle(startedAt: number, locale = 'en-US', timeZone?: string): string {
  const formatted = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(startedAt);
  return `Quick recording, ${formatted}`;
}

function truncate(title: string): string {
  const trimmed = title.trim().replace(/\s+/g, ' ');
  return trimmed.length > MAX_TITLE_CHARS ? `${trimmed.slice(0, MAX_TITLE_CHARS - 1)}…` : trimmed;
}
