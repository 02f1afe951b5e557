import { afterEach, describe, expect, it } from 'vitest';
import type { PushEvents } from '../../shared/ipc/contract';
import { sql } from '../db/sql';
import { createTestCore, type TestCore } from '../testing/create-test-core';

const DAY = 86_400_000;

async function waitForIndex(core: TestCore): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const status = await core['search.status']({});
    if (status.pending === 0 && !status.is_running) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('index did not drain');
}

/** A small corpus of three meetings on different days and types. */
async function seedCorpus(core: TestCore) {
  const add = async (sessionId: string, speaker: string, lines: string[]) => {
    for (const [i, content] of lines.entries()) {
      await core['transcripts.add']({ session_id: sessionId, content, speaker, is_owner: speaker === 'me', start_time_seconds: i * 20, end_time_seconds: i * 20 + 15 });
    }
  };
  const sales = await core['sessions.create']({ title: 'Acme pricing call', conversation_type: 'sales' });
  await add(sales.id, 'them', [
    'Your pricing looks expensive compared to what we pay today',
    'We would need a discount before procurement signs anything',
    'The Kubernetes operator is the main reason we are talking to you',
  ]);
  core.advance(3 * DAY);
  const standup = await core['sessions.create']({ title: 'Platform standup', conversation_type: 'team_meeting' });
  await add(standup.id, 'me', [
    'The release slipped because the migration script crashed on staging',
    'I will fix the flaky integration tests today',
  ]);
  await add(standup.id, 'them', ['Can we talk about the Kubernetes upgrade tomorrow']);
  core.advance(3 * DAY);
  const interview = await core['sessions.create']({ title: 'Backend candidate interview', conversation_type: 'interview' });
  await add(interview.id, 'them', ['I led the team that rewrote our billing system in Go', 'My salary expectation is flexible']);
  await waitForIndex(core);
  return { sales, standup, interview };
}

describe('hybrid search', () => {
  let core: TestCore;
  afterEach(async () => core.close());

  it('ranks an exact keyword match first, with a highlighted snippet and jump-to-moment data', async () => {
    core = createTestCore();
    const { standup } = await seedCorpus(core);
    const { hits, is_keyword_only } = await core['search.query']({ query: 'migration script' });
    expect(is_keyword_only).toBe(false);
    const top = hits[0];
    expect(top?.kind).toBe('transcript');
    expect(top?.session_id).toBe(standup.id);
    expect(top?.session_title).toBe('Platform standup');
    expect(top?.start_time_seconds).toBe(0);
    expect(top?.speaker).toBe('me');
    expect(top?.matched_by.sort()).toEqual(['keyword', 'vector']);
    const marked = top?.snippet.highlights.map(([s, e]) => top.snippet.text.slice(s, e).toLowerCase());
    expect(marked).toEqual(['migration', 'script']);
  });

  it('finds a paraphrase with no shared word through the vector side only', async () => {
    core = createTestCore();
    const { sales } = await seedCorpus(core);
    // "cost" and "budget" never occur in the corpus; the embedder relates them to pricing/expensive.
    const { hits } = await core['search.query']({ query: 'cost too high for the budget' });
    expect(hits[0]?.session_id).toBe(sales.id);
    expect(hits[0]?.snippet.text).toContain('pricing looks expensive');
    expect(hits[0]?.matched_by).toEqual(['vector']);
  });

  it('fuses: a row found by both keyword and vector outranks rows found by one', async () => {
    core = createTestCore();
    const { standup } = await seedCorpus(core);
    const { hits } = await core['search.query']({ query: 'fix crashed tests' });
    // "crashed" (keyword) + bug/fix concepts (vector) both point at the standup.
    expect(hits[0]?.session_id).toBe(standup.id);
    const both = hits.filter((h) => h.matched_by.length === 2);
    const single = hits.filter((h) => h.matched_by.length === 1);
    expect(both.length).toBeGreaterThan(0);
    for (const s of single) expect(s.score).toBeLessThan(Math.max(...both.map((b) => b.score)));
  });

  it('applies conversation type, speaker, date range and session filters', async () => {
    core = createTestCore();
    const { sales, standup } = await seedCorpus(core);
    const all = await core['search.query']({ query: 'kubernetes' });
    expect(new Set(all.hits.map((h) => h.session_id))).toEqual(new Set([sales.id, standup.id]));
    const sales_only = await core['search.query']({ query: 'kubernetes', conversation_type: 'sales' });
    const sessionsOf = (hits: { session_id: string }[]) => [...new Set(hits.map((h) => h.session_id))];
    expect(sessionsOf(sales_only.hits)).toEqual([sales.id]);
    const recent = await core['search.query']({ query: 'kubernetes', from: sales.created_at + DAY });
    expect(sessionsOf(recent.hits)).toEqual([standup.id]);
    const early = await core['search.query']({ query: 'kubernetes', to: sales.created_at + DAY });
    expect(early.hits.every((h) => h.session_id === sales.id)).toBe(true);
    const mine = await core['search.query']({ query: 'kubernetes tests release', speaker: 'me' });
    expect(mine.hits.length).toBeGreaterThan(0);
    expect(mine.hits.every((h) => h.speaker === 'me')).toBe(true);
    const one = await core['search.query']({ query: 'kubernetes', session_id: standup.id });
    expect(sessionsOf(one.hits)).toEqual([standup.id]);
  });

  it('searches smart notes and summaries too, and treats FTS syntax in the query as text', async () => {
    core = createTestCore();
    const { interview } = await seedCorpus(core);
    await core['notes.create']({ session_id: interview.id, category: 'insight', content: 'Strong Go experience, wants remote work' });
    core.internals.db.run(sql`INSERT INTO summaries (id, session_id, title, tldr, generation_status, created_at, updated_at)
      VALUES ('sum1', ${interview.id}, 'Interview recap', 'Candidate prefers remote work', 'completed', 1, 1)`);
    const { hits } = await core['search.query']({ query: 'remote work' });
    expect(hits.slice(0, 2).map((h) => h.kind).sort()).toEqual(['note', 'summary']);
    for (const hit of hits.slice(2)) expect(hit.matched_by).toEqual(['vector']);
    const weird = await core['search.query']({ query: 'billing" OR NEAR(* AND' });
    expect(weird.hits[0]?.snippet.text).toContain('billing system');
  });

  it('embeds rows added later in the background and reports progress', async () => {
    core = createTestCore();
    const { standup } = await seedCorpus(core);
    const events: PushEvents['search.indexUpdated'][] = [];
    core.subscribe((event, payload) => {
      if (event === 'search.indexUpdated') events.push(payload as PushEvents['search.indexUpdated']);
    });
    await core['transcripts.add']({ session_id: standup.id, content: 'Our invoices were paid late again', speaker: 'them', start_time_seconds: 100, end_time_seconds: 104 });
    await waitForIndex(core);
    expect(events.at(-1)).toMatchObject({ pending: 0, embedder: 'hashed-v1', indexed: 9 });
    const { hits } = await core['search.query']({ query: 'billing payment' });
    expect(hits.map((h) => h.snippet.text)).toContain('Our invoices were paid late again');
  });
});
