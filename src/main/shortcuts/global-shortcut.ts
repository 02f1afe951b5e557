import { globalShortcut } from 'electron';
import { createLogger } from '../../core/log/logger';
import { parseAccelerator } from './accelerator';

const log = createLogger('shortcuts');

/**
 * Registers the start/stop-recording shortcut. Returns the accelerator registered, or null when
 * it is invalid or another app holds it (the tray then shows no accelerator).
 */
export function registerRecordShortcut(shortcut: string, onPress: () => void): string | null {
  const parsed = parseAccelerator(shortcut);
  if (!parsed.ok) {
    log.warn('record shortcut invalid', { reason: parsed.reason });
    return null;
  }
  const isRegistered = globalShortcut.register(parsed.accelerator, onPress);
  if (!isRegistered) {
    log.warn('record shortcut taken by another application', { accelerator: parsed.accelerator });
    return null;
  }
  return parsed.accelerator;
}
