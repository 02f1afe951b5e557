import { describe, expect, it } from 'vitest';
import { attendeeSummary, describeEventTime, platformName } from './upcoming-time';

const at = (h: number, m = 0, dayOffset = 0) => new Date(2026, 0, 5 + dayOffset, h, m).getTime();

describe('upcoming event labels', () => {
  it('says Now while an event runs and counts down within the hour', () => {
    const now = at(9, 50);
    expect(describeEventTime(at(9, 30), at(10), now)).toMatchObject({ day: 'Today', soon: 'Now', isRunning: true });
    expect(describeEventTime(at(10), at(10, 30), now)).toMatchObject({ soon: 'In 10 min', isRunning: false });
    expect(describeEventTime(at(11), at(11, 30), now).soon).toBeNull();
  });

  it('names today, tomorrow, then the date', () => {
    const now = at(23, 0);
    expect(describeEventTime(at(9, 0, 1), at(10, 0, 1), now).day).toBe('Tomorrow');
    expect(describeEventTime(at(9, 0, 2), at(10, 0, 2), now).day).not.toMatch(/Today|Tomorrow/);
  });

  it('summarises attendees and names platforms', () => {
    const people = ['Ana', 'Ben', 'Chris', 'Dee', 'Eve'].map((name) => ({ name, email: null }));
    expect(attendeeSummary(people)).toBe('Ana, Ben, Chris +2');
    expect(attendeeSummary([{ name: null, email: 'x@acme.test' }])).toBe('x@acme.test');
    expect(platformName('google_meet')).toBe('Google Meet');
    expect(platformName(null)).toBeNull();
  });
});
