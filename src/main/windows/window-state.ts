import { z } from 'zod';

/** A rectangle in screen coordinates (DIPs). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is persisted between runs for the main window. */
export interface WindowState {
  bounds: Rect;
  isMaximized: boolean;
  isFullScreen: boolean;
}

/** Smallest size the main window may be restored to. */
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
/** Size of the main window on first run. */
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
/** How much of the title bar must be on a display for a restored window to count as visible. */
const MIN_VISIBLE_PX = 64;

const RectSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
const WindowStateSchema = z.object({ bounds: RectSchema, isMaximized: z.boolean(), isFullScreen: z.boolean() });

/** Parses the persisted JSON; returns null (so the default is used) for anything malformed. */
export function parseWindowState(json: string): WindowState | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = WindowStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A window of the default size centred on the primary display's work area. */
export function defaultWindowState(primaryWorkArea: Rect): WindowState {
  const width = Math.min(DEFAULT_WINDOW_SIZE.width, primaryWorkArea.width);
  const height = Math.min(DEFAULT_WINDOW_SIZE.height, primaryWorkArea.height);
  return {
    bounds: {
      x: primaryWorkArea.x + Math.round((primaryWorkArea.width - width) / 2),
      y: primaryWorkArea.y + Math.round((primaryWorkArea.height - height) / 2),
      width,
      height,
    },
    isMaximized: false,
    isFullScreen: false,
  };
}

/**
 * Fits a saved state onto the current displays: keeps it where it was if its title bar is still
 * reachable on some display, shrinks it to that display's work area, and falls back to the default
 * on the primary display when the display it was on is gone.
 */
export function restoreWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) throw new RangeError('restoreWindowState needs at least one display');
  if (!saved) return defaultWindowState(primary);
  const titleBar: Rect = { x: saved.bounds.x, y: saved.bounds.y, width: saved.bounds.width, height: 32 };
  const home = workAreas
    .map((area) => ({ area, overlap: intersectionArea(titleBar, area) }))
    .filter(({ overlap }) => overlap >= MIN_VISIBLE_PX * 16)
    .sort((a, b) => b.overlap - a.overlap)[0]?.area;
  if (!home) return { ...defaultWindowState(primary), isMaximized: saved.isMaximized };
  const width = clamp(saved.bounds.width, Math.min(MIN_WINDOW_SIZE.width, home.width), home.width);
  const height = clamp(saved.bounds.height, Math.min(MIN_WINDOW_SIZE.height, home.height), home.height);
  return {
    bounds: {
      x: clamp(saved.bounds.x, home.x, home.x + home.width - width),
      y: clamp(saved.bounds.y, home.y, home.y + home.height - height),
      width,
      height,
    },
    isMaximized: saved.isMaximized,
    isFullScreen: saved.isFullScreen,
  };
}

function intersectionArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
