/** The default global shortcut that starts or stops a quick recording. */
export const DEFAULT_RECORD_SHORTCUT = 'CommandOrControl+Shift+R';

const MODIFIERS: Record<string, string> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

const NAMED_KEYS = [
  'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter', 'Up', 'Down', 'Left', 'Right',
  'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc', 'Plus', 'PrintScreen',
  'MediaPlayPause', 'MediaStop', 'MediaNextTrack', 'MediaPreviousTrack',
];
const NAMED_BY_LOWER = new Map(NAMED_KEYS.map((key) => [key.toLowerCase(), key]));
const PUNCTUATION = new Set([')', '!', '@', '#', '$', '%', '^', '&', '*', '(', ':', ';', '<', '=', '>', '?', '`', '~', '[', ']', '{', '}', '|', '\\', "'", '"', ',', '-', '.', '/', '_']);

/** The outcome of parsing a user-entered shortcut. */
export type ParsedAccelerator = { ok: true; accelerator: string } | { ok: false; reason: string };

/**
 * Parses a shortcut such as "ctrl+shift+r" into Electron's canonical accelerator
 * ("Control+Shift+R"). A global shortcut needs at least one modifier other than Shift and exactly
 * one key, so that typing in other apps is never hijacked.
 */
export function parseAccelerator(input: string): ParsedAccelerator {
  const parts = input.split('+').map((part) => part.trim());
  if (input.trim() === '' || parts.some((part) => part === '')) return { ok: false, reason: 'Empty key in shortcut' };
  const modifiers: string[] = [];
  let key: string | undefined;
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (modifier) {
      if (modifiers.includes(modifier)) return { ok: false, reason: `Duplicate modifier ${modifier}` };
      modifiers.push(modifier);
      continue;
    }
    if (key !== undefined) return { ok: false, reason: 'A shortcut has exactly one key' };
    const normalized = normalizeKey(part);
    if (!normalized) return { ok: false, reason: `Unknown key "${part.slice(0, 20)}"` };
    key = normalized;
  }
  if (key === undefined) return { ok: false, reason: 'A shortcut needs a key besides modifiers' };
  if (modifiers.filter((m) => m !== 'Shift').length === 0 && !/^F\d+$/.test(key)) {
    return { ok: false, reason: 'A global shortcut needs Control, Command, Alt or Super' };
  }
  const order = ['CommandOrControl', 'Command', 'Control', 'Alt', 'AltGr', 'Shift', 'Super'];
  modifiers.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { ok: true, accelerator: [...modifiers, key].join('+') };
}

function normalizeKey(part: string): string | null {
  if (/^[a-z0-9]$/i.test(part)) return part.toUpperCase();
  const fn = /^f(\d{1,2})$/i.exec(part);
  if (fn?.[1] !== undefined) {
    const n = Number(fn[1]);
    return n >= 1 && n <= 24 ? `F${n}` : null;
  }
  if (PUNCTUATION.has(part)) return part;
  return NAMED_BY_LOWER.get(part.toLowerCase()) ?? null;
}
