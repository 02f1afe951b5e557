import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../db/sql';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { retrieveContext } from './index';

describe('retrieveContext', () => {
  let core: TestCore;
  afterEach(async () => core.close());

  async function seed() {
    core = createTestCore();
    const { db } = core.internals;
    db.run(sql`INSERT INTO users (id, email, personal_context, created_at, updated_at)
      VALUES ('u1', 'me@example.com', 'I am a solutions engineer who specialises in data migration projects.', 1, 1)`);
    const earlier = await core['sessions.create']({ title: 'Acme intro call' });
    for (const [i, content] of [
      'Thanks for joining, how is the weather over there',
      'Our procurement team caps the budget at forty thousand dollars this year',
      'We also need single sign on before the security review',
    ].entries()) {
      await core['transcripts.add']({ session_id: earlier.id, content, speaker: 'them', start_time_seconds: i * 30, end_time_seconds: i * 30 + 10 });
    }
    const unrelated = await core['sessions.create']({ title: 'Other customer' });
    await core['transcripts.add']({ session_id: unrelated.id, content: 'Our budget is two million dollars', speaker: 'them', start_time_seconds: 0, end_time_seconds: 3 });
    const current = await core['sessions.create']({ title: 'Acme follow-up', context_text: 'Acme wants to replace their legacy CRM. Champion: Dana. Competing with Globex.' });
    db.run(sql`INSERT INTO conversation_links (id, session_id, linked_session_id, created_at) VALUES ('l1', ${current.id}, ${earlier.id}, 1)`);
    return { db, earlier, current, unrelated };
  }

  it('finds the linked conversation’s passage by keyword and cites session and timestamp', async () => {
    const { db, earlier, current } = await seed();
    const chunks = await retrieveContext(db, { sessionId: current.id, query: 'What budget did they mention?', k: 3 });
    const top = chunks[0];
    expect(top?.sourceType).toBe('transcript');
    expect(top?.sessionId).toBe(earlier.id);
    expect(top?.content).toContain('forty thousand');
    expect(top?.startTimeSeconds).toBe(30);
    expect(top?.matchedBy).toContain('keyword');
    expect(chunks.map((c) => c.content).join(' ')).not.toContain('two million');
  });

  it('reaches session context and personal context, including through the thesaurus (cost ~ budget)', async () => {
    const { db, current } = await seed();
    const competitors = await retrieveContext(db, { sessionId: current.id, query: 'Which competitor are we up against?', k: 2 });
    expect(competitors[0]?.sourceType).toBe('session_context');
    expect(competitors[0]?.content).toContain('Globex');
    const me = await retrieveContext(db, { sessionId: current.id, query: 'my migration expertise', k: 5 });
    expect(me.some((c) => c.sourceType === 'personal_context')).toBe(true);
    const cost = await retrieveContext(db, { sessionId: current.id, query: 'spending limit', k: 1 });
    expect(cost[0]?.content).toContain('budget');
    expect(cost[0]?.matchedBy).toEqual(['vector']);
  });

  it('returns nothing for an unknown session', async () => {
    const { db } = await seed();
    expect(await retrieveContext(db, { sessionId: '00000000-0000-4000-8000-00000000ffff', query: 'budget' })).toEqual([]);
  });
});
