import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../create-core';
import { SummarizeOutputSchema } from './cli-output';
import { loadEvalSet } from './eval/eval-set';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../../bin/liveconvo.mjs');

async function cli(args: string[], dataDir: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'summarize', ...args], { env: { ...process.env, LIVECONVO_DATA_DIR: dataDir, LIVECONVO_LOG_LEVEL: 'silent' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('liveconvo summarize', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lc-summarize-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays a transcript file and prints exactly the issue #4 JSON shape', async () => {
    const meeting = loadEvalSet().find((m) => m.id === 'sales-discovery-northwind')!;
    const file = join(dir, 'northwind.json');
    writeFileSync(file, JSON.stringify(meeting.transcript));
    const contextFile = join(dir, 'context.txt');
    writeFileSync(contextFile, meeting.context);
    const { code, stdout } = await cli(['--transcript', file, '--context', contextFile, '--title', meeting.title, '--json'], join(dir, 'data'));
    expect(code).toBe(0);
    const output = SummarizeOutputSchema.parse(JSON.parse(stdout));
    expect(output.summary.title).toBe('Northwind discovery call');
    expect(output.summary.action_items).toEqual(expect.arrayContaining([{ text: 'Send the deck and a pricing summary by Thursday', owner: 'me', due: 'by Thursday' }]));
    expect(output.smart_notes.some((n) => n.category === 'question' && n.content.startsWith('Where is our data stored'))).toBe(true);
    const answer = output.guidance.find((g) => g.guidance_type === 'answer' && g.content.includes('Where is our data stored'));
    expect(answer?.content).toContain('EU or US region');
    expect(meeting.transcript[answer!.triggered_by_sequence]?.text).toContain('Where is our data stored');
  });

  it('fails with a clear error on a bad transcript file and loses nothing', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ speaker: 'me', text: 'hello' }]));
    const bad = await cli(['--transcript', file, '--json'], join(dir, 'data'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('validation.invalid_input');
    expect(bad.stderr).toContain('start_time_seconds');
    const neither = await cli(['--json'], join(dir, 'data'));
    expect(neither.stderr).toContain('Pass either --transcript FILE or --session ID');
  });

  it('summarizes a stored session and stores the summary', async () => {
    const dataDir = join(dir, 'stored');
    const core = createCore({ databasePath: join(dataDir, 'liveconvo.db'), dataDir });
    const session = await core['sessions.create']({ title: 'Stored call', context_text: 'Our SLA is 99.9% uptime.' });
    const lines: Array<[string, string]> = [
      ['them', 'What uptime does your SLA guarantee?'],
      ['me', "It's 99.9%. I'll send you the SLA document tomorrow."],
      ['them', "Great, let's schedule a security review next week."],
    ];
    for (const [i, [speaker, content]] of lines.entries()) {
      await core['transcripts.add']({ session_id: session.id, speaker, is_owner: speaker === 'me', content, start_time_seconds: i * 5, end_time_seconds: i * 5 + 4 });
    }
    await core.close();
    const { code, stdout } = await cli(['--session', session.id, '--json'], dataDir);
    expect(code).toBe(0);
    const output = SummarizeOutputSchema.parse(JSON.parse(stdout));
    expect(output.summary.action_items[0]).toMatchObject({ owner: 'me', due: 'tomorrow' });
    expect(output.guidance.find((g) => g.guidance_type === 'answer')?.content).toContain('99.9% uptime');
    const reopened = createCore({ databasePath: join(dataDir, 'liveconvo.db'), dataDir });
    expect((await reopened['summaries.get']({ session_id: session.id }))?.generation_status).toBe('completed');
    await reopened.close();
  });
});
