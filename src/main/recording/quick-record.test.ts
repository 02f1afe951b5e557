import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../core/testing/create-test-core';
import { createQuickRecord, type QuickRecordDeps, type QuickRecordState } from './quick-record';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

function setup() {
  const test = createTestCore();
  cores.push(test);
  const log: string[] = [];
  const states: QuickRecordState[] = [];
  const deps: QuickRecordDeps = {
    api: test,
    now: () => test.internals.now(),
    ensureCapture: (id) => log.push(`capture:${id}`),
    releaseCapture: () => log.push('release'),
    notify: (kind, detail) => log.push(`${kind}:${detail.title}`),
    onChange: (state) => states.push(state),
  };
  return { test, log, states, controller: createQuickRecord(deps) };
}

describe('quick-record against the real core', () => {
  it('creates a session, starts recording, and stops it ending the session', async () => {
    const { test, log, controller } = setup();
    await controller.toggle();
    const state = controller.state();
    expect(state.isBusy).toBe(false);
    expect(state.recording?.title).toBe('Quick recording, Jan 5, 2026, 9:00 AM');
    const sessionId = state.recording?.sessionId ?? '';
    expect(await test['recording.status']({})).toMatchObject({ state: 'recording', session_id: sessionId });
    expect(log).toEqual([`capture:${sessionId}`, `recording.started:${state.recording?.title}`]);

    test.advance(65_000);
    await controller.toggle();
    expect(controller.state()).toEqual({ recording: null, isBusy: false });
    expect((await test['recording.status']({})).state).toBe('idle');
    expect((await test['sessions.get']({ id: sessionId })).status).toBe('completed');
    expect(log.slice(2)).toEqual(['release', `recording.stopped:${state.recording?.title}`]);
  });

  it('serializes a double press into one start and one stop', async () => {
    const { test, controller } = setup();
    await Promise.all([controller.toggle(), controller.toggle()]);
    expect(controller.state().recording).toBeNull();
    const sessions = await test['sessions.list']({});
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.status).toBe('completed');
  });

  it('picks up a recording started elsewhere instead of starting a second one', async () => {
    const { test, controller } = setup();
    const session = await test['sessions.create']({ title: 'Started in the window' });
    await test['recording.start']({ session_id: session.id, sources: ['mic'] });
    test.advance(30_000);
    await controller.refresh();
    expect(controller.state().recording).toMatchObject({ sessionId: session.id, title: 'Started in the window' });
    await controller.start();
    expect(await test['sessions.list']({})).toHaveLength(1);
    await controller.stop();
    expect((await test['sessions.get']({ id: session.id })).status).toBe('completed');
  });

  it('releases the capture window when the recording is stopped from a window', async () => {
    const { test, log, controller } = setup();
    await controller.start();
    await test['recording.stop']({});
    await controller.refresh();
    expect(controller.state().recording).toBeNull();
    expect(log.at(-1)).toBe('release');
  });
});
