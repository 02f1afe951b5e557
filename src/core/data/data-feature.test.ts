import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../db/sql';
import { createTestCore, type TestCore } from '../testing/create-test-core';

describe('data export and delete-all', () => {
  let dataDir: string;
  let core: TestCore;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lc-data-'));
    core = createTestCore({ dataDir });
    const standup = await core['sessions.create']({ title: 'Daily standup' });
    const pitch = await core['sessions.create']({ title: 'Pitch to Acme', conversation_type: 'sales' });
    await core['transcripts.add']({ session_id: standup.id, content: 'Yesterday I fixed the login bug', speaker: 'me', is_owner: true, start_time_seconds: 1, end_time_seconds: 3 });
    await core['transcripts.add']({ session_id: pitch.id, content: 'What does the enterprise plan cost', speaker: 'them', start_time_seconds: 2, end_time_seconds: 4 });
    await core['notes.create']({ session_id: pitch.id, category: 'key_point', content: 'Budget approved for Q3' });
    await core['checklist.add']({ session_id: pitch.id, text: 'Ask about timeline' });
    await core['templates.create']({ name: 'My interview', conversation_type: 'interview' });
    core.internals.db.run(sql`INSERT INTO app_settings (key, value, updated_at) VALUES ('ui.theme', 'dark', 1)`);
  });
  afterEach(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const count = (table: string, where = '1 = 1') => core.internals.db.get<{ n: number }>([`SELECT count(*) AS n FROM ${table} WHERE ${where}`, []])?.n ?? -1;
  const snapshot = () => Object.fromEntries(['sessions', 'transcripts', 'smart_notes', 'prep_checklist', 'templates', 'app_settings'].map((t) => [t, count(t)]));

  it('exports every session as Markdown plus a JSON dump under the data folder', async () => {
    const result = await core['data.exportAll']({});
    expect(result.path.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect(result.sessions).toBe(2);
    expect(result.rows).toMatchObject({ sessions: 2, transcripts: 2, smart_notes: count('smart_notes'), prep_checklist: 1, templates: 1 });
    const files = readdirSync(join(result.path, 'sessions')).sort();
    expect(files).toHaveLength(2);
    const all = files.map((f) => readFileSync(join(result.path, 'sessions', f), 'utf8')).join('\n');
    expect(all).toContain('# Daily standup');
    expect(all).toContain('Yesterday I fixed the login bug');
    expect(all).toContain('Budget approved for Q3');
    const dump = JSON.parse(readFileSync(join(result.path, 'data.json'), 'utf8')) as { format: string; tables: Record<string, { title?: string; name?: string }[]> };
    expect(dump.format).toBe('liveconvo-export/1');
    expect(dump.tables['sessions']?.map((s) => s.title).sort()).toEqual(['Daily standup', 'Pitch to Acme']);
    // Only the user's own template, not the built-in ones.
    expect(dump.tables['templates']?.map((t) => t.name)).toEqual(['My interview']);
    // A second export the same instant gets its own folder.
    const again = await core['data.exportAll']({});
    expect(again.path).not.toBe(result.path);
  });

  it('a failed export leaves no partial folder and changes nothing', async () => {
    const before = snapshot();
    writeFileSync(join(dataDir, 'exports'), 'not a folder');
    await expect(core['data.exportAll']({})).rejects.toMatchObject({ code: 'data.export_failed' });
    expect(snapshot()).toEqual(before);
    expect(readdirSync(dataDir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('deletes every user row in one go but keeps system templates and settings', async () => {
    const systemTemplates = count('templates', 'is_system_template = 1');
    expect(systemTemplates).toBeGreaterThan(0);
    await expect(core['data.deleteAll']({ confirm: false } as never)).rejects.toMatchObject({ code: 'validation.invalid_input' });
    expect(count('sessions')).toBe(2);

    const notes = count('smart_notes');
    const settings = count('app_settings');
    const { deleted } = await core['data.deleteAll']({ confirm: true });
    expect(deleted).toMatchObject({ sessions: 2, transcripts: 2, smart_notes: notes, prep_checklist: 1, templates: 1 });
    expect(snapshot()).toEqual({ sessions: 0, transcripts: 0, smart_notes: 0, prep_checklist: 0, templates: systemTemplates, app_settings: settings });
    expect(count('app_settings', `key = 'ui.theme'`)).toBe(1);
    expect(count('transcripts_fts')).toBe(0);
    expect(await core['sessions.list']({})).toEqual([]);
  });

  it('loses nothing when deleting fails part-way', async () => {
    const before = snapshot();
    // A real SQLite failure after the child tables were already emptied inside the transaction.
    core.internals.db.raw.exec(`CREATE TRIGGER block_delete BEFORE DELETE ON sessions BEGIN SELECT RAISE(ABORT, 'blocked'); END`);
    await expect(core['data.deleteAll']({ confirm: true })).rejects.toThrow();
    expect(snapshot()).toEqual(before);
    expect(count('transcripts_fts', `transcripts_fts MATCH 'login'`)).toBe(1);
    core.internals.db.raw.exec('DROP TRIGGER block_delete');
    expect(existsSync(join(dataDir, 'exports'))).toBe(false);
  });
});
