import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { readAsUser, readMirror, startServerProcess, type ServerProcess } from './testing/server-process';

const PASSWORD = 'correct horse battery';
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess('lc_b2_capture');
});
afterAll(async () => {
  await server?.stop();
});

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not met in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function serverRow(userId: string, table: string, id: string, columns: string[]): Promise<Record<string, unknown> | undefined> {
  return (await readAsUser(server.pool, userId, table, ['id', ...columns])).find((row) => row['id'] === id);
}

function outboxCount(core: TestCore): number {
  return (core.internals.db.raw.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}

describe('local writes reach the server through change capture', () => {
  it('sends sessions, transcripts, notes and checklist items written through the core to Postgres and a second device', async () => {
    const email = `capture-${randomUUID()}@example.test`;
    const user = await server.signUp(email, PASSWORD);
    const laptop = createTestCore();
    const desktop = createTestCore();
    try {
      await laptop['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });
      await desktop['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });

      const session = await laptop['sessions.create']({ title: 'Quarterly review' });
      expect(session.user_id).toBe(user.userId);
      expect(session.organization_id).toBe(user.orgId);
      const segment = await laptop['transcripts.add']({
        session_id: session.id, content: 'Revenue grew nine percent', speaker: 'me', is_owner: true, start_time_seconds: 1, end_time_seconds: 3,
      });
      const note = await laptop['notes.create']({ session_id: session.id, category: 'decision', content: 'Hire two engineers', importance: 'high' });
      const item = await laptop['checklist.add']({ session_id: session.id, text: 'Send the deck' });
      await laptop['notes.update']({ id: note.id, patch: { content: 'Hire three engineers' } });
      await laptop['checklist.setStatus']({ id: item.id, status: 'done' });
      // A session from a built-in (device-only) template reaches the server without the reference.
      const template = (await laptop['templates.list']({})).find((row) => row.is_system_template);
      expect(template).toBeDefined();
      const fromTemplate = await laptop['sessions.create']({ title: 'From a template', template_id: template?.id ?? '' });
      laptop.internals.sync.flush();

      await until(async () => (await laptop['sync.status']({})).pending === 0, 'laptop outbox confirmed');
      expect(await serverRow(user.userId, 'sessions', fromTemplate.id, ['title', 'template_id'])).toEqual({ id: fromTemplate.id, title: 'From a template', template_id: null });
      expect(fromTemplate.template_id).toBe(template?.id);
      // Kept locally (not rolled back); the mirror then follows the server's row.
      expect(readMirror(laptop.internals.db, 'sessions', ['id', 'title'])).toContainEqual({ id: fromTemplate.id, title: 'From a template' });
      expect(laptop.internals.db.raw.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'rejected'`).get()).toEqual({ n: 0 });
      expect(await serverRow(user.userId, 'sessions', session.id, ['user_id', 'organization_id', 'title'])).toEqual({
        id: session.id, user_id: user.userId, organization_id: user.orgId, title: 'Quarterly review',
      });
      expect(await serverRow(user.userId, 'transcripts', segment.id, ['session_id', 'content'])).toEqual({ id: segment.id, session_id: session.id, content: 'Revenue grew nine percent' });
      expect(await serverRow(user.userId, 'smart_notes', note.id, ['content', 'user_id'])).toEqual({ id: note.id, content: 'Hire three engineers', user_id: user.userId });
      expect(await serverRow(user.userId, 'prep_checklist', item.id, ['status'])).toEqual({ id: item.id, status: 'done' });

      const mirrorHas = (table: string, id: string, column: string, value: unknown) =>
        readMirror(desktop.internals.db, table, ['id', column]).some((row) => row['id'] === id && row[column] === value);
      await until(
        () =>
          mirrorHas('sessions', session.id, 'title', 'Quarterly review') &&
          mirrorHas('transcripts', segment.id, 'content', 'Revenue grew nine percent') &&
          mirrorHas('smart_notes', note.id, 'content', 'Hire three engineers') &&
          mirrorHas('prep_checklist', item.id, 'status', 'done'),
        'second device mirror',
      );
      // Rows the stream applied are not captured as the desktop's own writes.
      expect(outboxCount(desktop)).toBe(0);

      // Deleting on the second device removes the row everywhere.
      await desktop['notes.delete']({ id: note.id });
      desktop.internals.sync.flush();
      await until(async () => (await serverRow(user.userId, 'smart_notes', note.id, [])) === undefined, 'note deleted on the server');
      await until(() => readMirror(laptop.internals.db, 'smart_notes', ['id']).every((row) => row['id'] !== note.id), 'laptop mirror drops the note');
    } finally {
      await laptop.close();
      await desktop.close();
    }
  });

  it('adopts rows written while signed out on sign-in, so nothing written offline is lost', async () => {
    const email = `adopt-${randomUUID()}@example.test`;
    const user = await server.signUp(email, PASSWORD);
    const core = createTestCore();
    try {
      const session = await core['sessions.create']({ title: 'Written before sign-in' });
      expect(session.user_id).toBeNull();
      const segment = await core['transcripts.add']({
        session_id: session.id, content: 'offline words', speaker: 'me', is_owner: true, start_time_seconds: 0, end_time_seconds: 2,
      });
      const kept = await core['notes.create']({ session_id: session.id, category: 'insight', content: 'kept', importance: 'medium' });
      const dropped = await core['notes.create']({ session_id: session.id, category: 'insight', content: 'dropped', importance: 'low' });
      await core['notes.update']({ id: kept.id, patch: { content: 'kept and edited' } });
      await core['notes.delete']({ id: dropped.id });
      expect(outboxCount(core)).toBe(0);

      await core['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });
      core.internals.sync.flush();
      await until(async () => (await core['sync.status']({})).pending === 0, 'adopted rows confirmed');

      expect(await serverRow(user.userId, 'sessions', session.id, ['user_id', 'organization_id', 'title'])).toEqual({
        id: session.id, user_id: user.userId, organization_id: user.orgId, title: 'Written before sign-in',
      });
      expect(await serverRow(user.userId, 'transcripts', segment.id, ['content'])).toEqual({ id: segment.id, content: 'offline words' });
      expect(await serverRow(user.userId, 'smart_notes', kept.id, ['content', 'user_id'])).toEqual({ id: kept.id, content: 'kept and edited', user_id: user.userId });
      expect(await serverRow(user.userId, 'smart_notes', dropped.id, [])).toBeUndefined();
      // The local rows carry the owner too, and nothing was rejected.
      expect(readMirror(core.internals.db, 'sessions', ['id', 'user_id'])).toContainEqual({ id: session.id, user_id: user.userId });
      expect(core.internals.db.raw.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'rejected'`).get()).toEqual({ n: 0 });

      // Signed out again: writes wait for the next sign-in instead of reaching the server.
      await core['sync.signOut']({});
      const later = await core['notes.create']({ session_id: session.id, category: 'insight', content: 'after sign-out', importance: 'low' });
      expect(core.internals.db.raw.prepare(`SELECT count(*) AS n FROM outbox WHERE row_id = ?`).get(later.id)).toEqual({ n: 0 });
      expect(core.internals.db.raw.prepare(`SELECT op FROM sync_unsynced WHERE row_id = ?`).get(later.id)).toEqual({ op: 'insert' });
    } finally {
      await core.close();
    }
  });
});
