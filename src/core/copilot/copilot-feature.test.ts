import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../db/sql';
import { createTestCore, type TestCore } from '../testing/create-test-core';

const SALES = '00000000-0000-4000-8000-000000000001';
const CONTEXT = 'The Team plan costs $24 per user per month billed annually. Onboarding for teams under 100 people takes two weeks. We integrate natively with Salesforce.';

describe('copilot through the core', () => {
  let core: TestCore;
  let dataDir: string;
  const events: Array<{ event: string; payload: unknown }> = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lc-copilot-'));
    core = createTestCore({ dataDir });
    events.length = 0;
    core.subscribe((event, payload) => events.push({ event, payload }));
  });
  afterEach(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function say(sessionId: string, speaker: 'me' | 'them', content: string, at: number) {
    return core['transcripts.add']({ session_id: sessionId, speaker, is_owner: speaker === 'me', content, start_time_seconds: at, end_time_seconds: at + 4 });
  }

  it('turns final segments into grounded guidance, smart notes and checklist ticks, and pushes events', async () => {
    const session = await core['sessions.create']({ title: 'Acme discovery', template_id: SALES, context_text: CONTEXT });
    await core['sessions.start']({ id: session.id });
    await say(session.id, 'me', 'Thanks for joining, what made you look at tools like ours?', 0);
    const question = await say(session.id, 'them', 'How much does the team plan cost per user?', 5);
    await say(session.id, 'me', 'It is twenty four dollars per user per month.', 10);
    await say(session.id, 'them', 'Honestly that seems too expensive for us right now, our budget is tight.', 15);
    await say(session.id, 'me', "I understand. I'll send you a pricing comparison by Friday.", 20);
    await say(session.id, 'them', "Okay. Let's plan a follow-up demo with our CFO next week.", 25);
    await core.internals.copilotIdle();

    const guidance = await core['guidance.list']({ session_id: session.id });
    const answer = guidance.find((g) => g.guidance_type === 'answer');
    expect(answer?.triggered_by_transcript_id).toBe(question.id);
    expect(answer?.content).toContain('$24 per user per month');
    expect(answer?.priority).toBe('high');
    expect(guidance.some((g) => g.guidance_type === 'objection')).toBe(true);

    const notes = await core['notes.list']({ session_id: session.id });
    const byCategory = (c: string) => notes.filter((n) => n.category === c).map((n) => n.content);
    expect(byCategory('question')).toContain('How much does the team plan cost per user?');
    expect(byCategory('action_item').join(' ')).toMatch(/Send you a pricing comparison by Friday.*due: by Friday/);
    expect(byCategory('decision').join(' ')).toContain('follow-up demo');
    expect(byCategory('insight').join(' ')).toContain('Concern (price)');
    expect(notes.every((n) => !n.is_manual)).toBe(true);

    const checklist = await core['checklist.list']({ session_id: session.id });
    expect(checklist.find((c) => c.text === 'Budget')?.status).toBe('done');
    expect(checklist.find((c) => c.text === 'Decision maker')?.status).toBe('open');

    const names = new Set(events.map((e) => e.event));
    expect(names).toEqual(expect.objectContaining({}));
    for (const name of ['guidance.added', 'notes.changed', 'checklist.changed']) expect(names.has(name)).toBe(true);

    const updated = await core['guidance.feedback']({ id: answer!.id, displayed: true, clicked: true, user_feedback: 'helpful' });
    expect(updated).toMatchObject({ was_displayed: true, was_clicked: true, was_dismissed: false, user_feedback: 'helpful' });
    await expect(core['guidance.feedback']({ id: '00000000-0000-4000-8000-0000000000ff', dismissed: true })).rejects.toMatchObject({ code: 'guidance.not_found' });
  });

  it('grounds answers in documents that finish processing mid-call and in the user\'s personal context', async () => {
    const session = await core['sessions.create']({ title: 'Renewal' });
    const db = core.internals.db;
    const at = core.internals.now();
    db.run(sql`INSERT INTO users (id, email, personal_context, created_at, updated_at) VALUES ('00000000-0000-4000-8000-0000000000aa', 'a@example.com', 'I am the account manager; I can approve discounts up to 10 percent without my director.', ${at}, ${at})`);
    db.run(sql`UPDATE sessions SET user_id = '00000000-0000-4000-8000-0000000000aa' WHERE id = ${session.id}`);
    await say(session.id, 'them', 'What discount can you approve yourself?', 0);
    await core.internals.copilotIdle();
    db.run(sql`INSERT INTO documents (id, session_id, original_filename, file_type, file_size_bytes, extracted_text, processing_status, created_at, updated_at)
      VALUES ('00000000-0000-4000-8000-0000000000bb', ${session.id}, 'contract.pdf', 'pdf', 100, 'The renewal date is June 30. Seats added mid-term are prorated monthly.', 'completed', ${at}, ${at + 1})`);
    await say(session.id, 'them', 'How are seats added mid-term billed?', 5);
    await core.internals.copilotIdle();
    const answers = (await core['guidance.list']({ session_id: session.id })).map((g) => g.content);
    expect(answers[0]).toContain('up to 10 percent');
    expect(answers[0]).toContain('(from your profile)');
    expect(answers[1]).toContain('prorated monthly. (from contract.pdf)');
  });

  it('debounces and deduplicates guidance for a repeated question', async () => {
    const session = await core['sessions.create']({ title: 'Repeat', context_text: CONTEXT });
    await say(session.id, 'them', 'How long does onboarding take?', 0);
    await say(session.id, 'them', 'Sorry, how long does onboarding take?', 5);
    await core.internals.copilotIdle();
    const answers = (await core['guidance.list']({ session_id: session.id })).filter((g) => g.guidance_type === 'answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]?.content).toContain('two weeks');
  });

  it('writes the summary, timeline and collaborative action items when the call ends; reports and exports follow', async () => {
    const session = await core['sessions.create']({ title: 'Planning', template_id: '00000000-0000-4000-8000-000000000004' });
    await core['sessions.start']({ id: session.id });
    await say(session.id, 'them', 'Should we move the launch to May?', 0);
    await say(session.id, 'me', "Yes, we decided to move the launch to the first week of May.", 5);
    await say(session.id, 'them', 'Can you update the launch plan and send it to marketing by Thursday?', 10);
    await say(session.id, 'me', "Sure, I'll update the launch plan and send it to marketing by Thursday.", 15);
    await say(session.id, 'them', 'Priya will book the venue for the launch event next week.', 20);
    await core['sessions.end']({ id: session.id });
    await core.internals.copilotIdle();

    const summary = await core['summaries.get']({ session_id: session.id });
    expect(summary).toMatchObject({ generation_status: 'completed', model_used: 'offline:wink-nlp', title: 'Planning' });
    expect(summary?.key_decisions.join(' ')).toContain('move the launch to the first week of May');
    expect(summary?.action_items).toEqual(expect.arrayContaining([expect.objectContaining({ owner: 'Priya', due: 'next week' })]));
    expect(summary?.action_items.filter((a) => /launch plan/i.test(a.text))).toHaveLength(1);

    const timeline = await core['timeline.list']({ session_id: session.id });
    expect(timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['decision', 'action_item', 'question']));
    expect([...timeline.map((t) => t.event_timestamp)]).toEqual([...timeline.map((t) => t.event_timestamp)].sort((a, b) => a - b));

    const items = await core['actionItems.list']({ session_id: session.id });
    expect(items.length).toBe(summary?.action_items.length);
    expect(items.every((i) => i.source_type === 'ai_generated')).toBe(true);
    const done = await core['actionItems.update']({ id: items[0]!.id, patch: { status: 'completed', assigned_to: 'Sam' } });
    expect(done).toMatchObject({ status: 'completed', assigned_to: 'Sam' });
    expect(done.completed_at).not.toBeNull();

    const regenerated = await core['summaries.generate']({ session_id: session.id });
    expect(regenerated.id).not.toBe(summary?.id);
    // Completed items survive regeneration; pending generated ones are replaced.
    expect((await core['actionItems.list']({ session_id: session.id })).filter((i) => i.status === 'completed')).toHaveLength(1);

    const minutes = await core['reports.generate']({ session_id: session.id, template: 'meeting_minutes' });
    expect(minutes).toMatchObject({ template: 'meeting_minutes', generation_status: 'completed' });
    expect(minutes.generated_content).toContain('## Decisions');
    expect(minutes.generated_content).toContain('first week of May');
    const custom = await core['reports.generate']({ session_id: session.id, prompt: 'List the action items for the launch' });
    expect(custom.generated_content).toContain('## Action items');
    expect(custom.generated_content).not.toContain('## Decisions');
    expect((await core['reports.list']({ session_id: session.id })).map((r) => r.id)).toEqual([minutes.id, custom.id]);
    await expect(core['reports.generate']({ session_id: session.id } as never)).rejects.toMatchObject({ code: 'validation.invalid_input' });

    const md = await core['export.markdown']({ session_id: session.id });
    expect(md.markdown).toContain('## Action items');
    expect(md.markdown).toContain('**[00:05] me:**');
    const pdf = await core['export.pdf']({ session_id: session.id });
    const bytes = readFileSync(pdf.path);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.byteLength).toBe(pdf.size_bytes);
    const loaded = await PDFDocument.load(bytes);
    expect(loaded.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(loaded.getTitle()).toBe('Planning');
  });

  it('summarizes a two-hour meeting end to end by chunks, not by truncation', async () => {
    const session = await core['sessions.create']({ title: 'Offsite' });
    const topics = ['pricing model', 'hiring plan', 'security audit', 'mobile roadmap', 'partner program', 'customer churn'];
    const decisions = [
      'We decided to raise the pricing model floor to forty dollars.',
      'Agreed, we hire two engineers for the hiring plan before summer.',
      'We decided the security audit goes to an external firm in March.',
      "Let's ship the mobile roadmap beta to ten customers first.",
      'We decided to pause the partner program until the legal review.',
      'The decision is to call every account at risk for customer churn this month.',
    ];
    for (let i = 0; i < 1440; i++) {
      const topic = topics[Math.floor(i / 240)]!;
      const speaker = i % 2 === 0 ? 'me' : 'them';
      const text = i % 240 === 120 ? decisions[Math.floor(i / 240)]! : `Discussion point ${i % 7} about the ${topic} and its impact on revenue this year.`;
      await say(session.id, speaker, text, i * 5);
    }
    await core.internals.copilotIdle();
    const summary = await core['summaries.generate']({ session_id: session.id });
    expect(summary.key_decisions).toHaveLength(6);
    expect(summary.key_decisions.at(-1)).toContain('customer churn');
    const highlightTopics = new Set(summary.conversation_highlights.flatMap((h) => topics.filter((t) => h.includes(t))));
    expect(highlightTopics.size).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('gives clear errors and keeps the API key out of app_settings', async () => {
    const session = await core['sessions.create']({ title: 'Empty' });
    await expect(core['summaries.generate']({ session_id: session.id })).rejects.toMatchObject({ code: 'copilot.empty_transcript' });
    expect(await core['summaries.get']({ session_id: session.id })).toBeNull();
    expect(await core['ai.getSettings']({})).toMatchObject({ engine: 'offline', is_enabled: false, has_api_key: false, base_url: 'https://openrouter.ai/api/v1' });
    const settings = await core['ai.setSettings']({ is_enabled: true, base_url: 'http://127.0.0.1:9/v1/', model: 'local-model', api_key: 'sk-secret-123' });
    expect(settings).toMatchObject({ engine: 'llm', base_url: 'http://127.0.0.1:9/v1', model: 'local-model', has_api_key: true });
    const stored = core.internals.db.all<{ value: string }>(sql`SELECT value FROM app_settings`);
    expect(stored.some((row) => row.value.includes('sk-secret'))).toBe(false);
    expect(await core.internals.secrets.get('ai.api_key')).toBe('sk-secret-123');
    expect((await core['ai.setSettings']({ api_key: null })).has_api_key).toBe(false);
    await expect(core['ai.setSettings']({ base_url: 'not a url' })).rejects.toMatchObject({ code: 'validation.invalid_input' });
  });
});
