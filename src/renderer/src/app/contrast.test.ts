import { describe, expect, it } from 'vitest';
import css from './styles.css?raw';

// WCAG 2.1 AA: 4.5:1 for text, 3:1 for large text and UI component boundaries/focus indicators.

function themeVariables(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  const block = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (channels[0] ?? 0) + 0.7152 * (channels[1] ?? 0) + 0.0722 * (channels[2] ?? 0);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

// [foreground, background, minimum ratio]
const PAIRS: [string, string, number][] = [
  ['text', 'bg', 4.5],
  ['text', 'surface', 4.5],
  ['text', 'surface-2', 4.5],
  ['muted', 'bg', 4.5],
  ['muted', 'surface', 4.5],
  ['accent', 'surface', 4.5],
  ['accent', 'bg', 4.5],
  ['accent-text', 'accent', 4.5],
  ['danger', 'surface', 4.5],
  ['danger-text', 'danger', 4.5],
  ['ok', 'surface', 4.5],
  ['warn-text', 'warn-bg', 4.5],
  ['text', 'me', 4.5],
  ['text', 'them', 4.5],
  ['text', 'accent-soft', 4.5],
  ['muted', 'them', 4.5],
  ['focus', 'bg', 3],
  ['focus', 'surface', 3],
  // Pairs seen in the screenshot review: 'Delete session' and status badges sit on the page background,
  // a hovered tab or button shows its label on surface-2, partial lines are muted on the speaker tints.
  ['danger', 'bg', 4.5],
  ['ok', 'bg', 4.5],
  ['muted', 'surface-2', 4.5],
  ['accent', 'surface-2', 4.5],
  ['muted', 'me', 4.5],
  ['accent', 'accent-soft', 4.5],
  ['focus', 'surface-2', 3],
  ['focus', 'me', 3],
];

it('computes WCAG contrast ratios', () => {
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
});

describe.each(["[data-theme='light']", "[data-theme='dark']"])('colour contrast in %s', (selector) => {
  const vars = themeVariables(selector);

  it.each(PAIRS)('%s on %s meets %s:1', (fg, bg, minimum) => {
    const foreground = vars[fg];
    const background = vars[bg];
    expect(foreground, `--${fg}`).toMatch(/^#/);
    expect(background, `--${bg}`).toMatch(/^#/);
    expect(contrast(foreground ?? '', background ?? '')).toBeGreaterThanOrEqual(minimum);
  });

  it('keeps white text on the record colour readable', () => {
    expect(contrast('#ffffff', vars['record'] ?? '')).toBeGreaterThanOrEqual(4.5);
  });
});
