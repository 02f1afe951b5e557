import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, PUSH_EVENTS } from './channels';
import { ipcContract, type PushEvent } from './contract';

describe('channel allowlists', () => {
  it('list exactly the contract’s request channels', () => {
    expect([...IPC_CHANNELS].sort()).toEqual(Object.keys(ipcContract).sort());
  });

  it('name channels noun.verb and events noun.pastTense', () => {
    // Nouns may be camelCase (actionItems.list), as in the issue #4 contract.
    for (const channel of IPC_CHANNELS) expect(channel).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
    for (const event of PUSH_EVENTS) expect(event).toMatch(/^[a-z]+\.[a-z][A-Za-z]*(ed|Added|Changed)$/);
  });

  it('has no duplicate events', () => {
    const events: PushEvent[] = [...PUSH_EVENTS];
    expect(new Set(events).size).toBe(events.length);
  });
});
