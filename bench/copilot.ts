// `npm run bench:copilot`: the offline copilot on the hand-written eval meetings
// (src/core/copilot/eval/*.json), side by side with a naive keyword baseline measured in the same
// run, on all meetings and on the held-out ones; then latency from a final segment to its guidance.
import { performance } from 'node:perf_hooks';
import { createCore } from '../src/core/create-core';
import { analyze } from '../src/core/copilot/offline/nlp';
import { textRank } from '../src/core/copilot/offline/textrank';
import { loadEvalSet, type EvalMeeting } from '../src/core/copilot/eval/eval-set';
import { itemSimilarity, matchItems, matchPairs, precisionOf, recallOf, sumCounts, type MatchCounts } from '../src/core/copilot/eval/evaluate';
import { createLiveCopilot } from '../src/core/copilot/live/live-copilot';
import { ownerMatcher, replayTranscript, toSegments } from '../src/core/copilot/run-transcript';
import type { SessionBrief } from '../src/core/copilot/types';

interface Produced {
  actionItems: string[];
  decisions: string[];
  theirQuestions: string[];
}

function briefOf(meeting: EvalMeeting): SessionBrief {
  return {
    title: meeting.title,
    conversationType: meeting.conversation_type,
    participantMe: null,
    participantThem: null,
    aiInstructions: null,
    guidancePrompts: [],
    contextInstructions: null,
    sources: meeting.context ? [{ kind: 'session_context', label: 'session context', text: meeting.context }] : [],
  };
}

function runEngine(meeting: EvalMeeting): Produced {
  const segments = toSegments(meeting.transcript, ownerMatcher(meeting.me));
  const { updates, summary } = replayTranscript(segments, briefOf(meeting));
  return {
    actionItems: summary.actionItems.map((a) => a.text),
    decisions: summary.keyDecisions,
    theirQuestions: updates.flatMap((u) => u.notes.filter((n) => n.category === 'question').map((n) => n.content)),
  };
}

// The baseline a reviewer would write in five minutes: "?" for questions, "will" for actions, "decide/agree" for decisions.
function runBaseline(meeting: EvalMeeting): Produced {
  const isMe = ownerMatcher(meeting.me);
  const sentences = meeting.transcript.flatMap((line) => line.text.split(/(?<=[.!?])\s+/).map((text) => ({ text, me: isMe(line.speaker) })));
  return {
    actionItems: sentences.filter((s) => /\b(will|'ll)\b/i.test(s.text)).map((s) => s.text),
    decisions: sentences.filter((s) => /\b(decided?|agreed?)\b/i.test(s.text)).map((s) => s.text),
    theirQuestions: sentences.filter((s) => !s.me && s.text.trim().endsWith('?')).map((s) => s.text),
  };
}

function score(meetings: EvalMeeting[], run: (m: EvalMeeting) => Produced) {
  const actions: MatchCounts[] = [];
  const decisions: MatchCounts[] = [];
  const questions: MatchCounts[] = [];
  for (const meeting of meetings) {
    const produced = run(meeting);
    actions.push(matchItems(meeting.expected.action_items.map((a) => a.text), produced.actionItems));
    decisions.push(matchItems(meeting.expected.decisions, produced.decisions));
    questions.push(matchItems(meeting.expected.their_questions, produced.theirQuestions));
  }
  const a = sumCounts(actions);
  const d = sumCounts(decisions);
  const q = sumCounts(questions);
  return { aRecall: recallOf(a), aPrecision: precisionOf(a), dRecall: recallOf(d), dPrecision: precisionOf(d), qRecall: recallOf(q), qPrecision: precisionOf(q) };
}

// Loading wink's English model happens once per process (the core does it when a call starts).
const loadStarted = performance.now();
analyze('warm up');
const modelLoadMs = performance.now() - loadStarted;
const fmt = (x: number) => x.toFixed(2).padStart(6);
const all = loadEvalSet();
const heldOut = all.filter((m) => m.holdout);
const dev = all.filter((m) => !m.holdout);
const rows: Array<[string, EvalMeeting[]]> = [['all', all], ['dev', dev], ['held-out', heldOut]];

process.stdout.write(`copilot eval: ${all.length} meetings (${dev.length} dev, ${heldOut.length} held out): ${[...new Set(all.map((m) => m.kind))].join(', ')}\n`);
process.stdout.write('targets: action recall ≥0.80 with precision ≥0.70, decision recall ≥0.80, their-question recall ≥0.90\n\n');
process.stdout.write(`${'set'.padEnd(10)}${'engine'.padEnd(10)}  act.R  act.P  dec.R  dec.P  que.R  que.P\n`);
for (const [name, meetings] of rows) {
  for (const [engine, run] of [['offline', runEngine], ['baseline', runBaseline]] as const) {
    const s = score(meetings, run);
    process.stdout.write(`${name.padEnd(10)}${engine.padEnd(10)}${fmt(s.aRecall)} ${fmt(s.aPrecision)} ${fmt(s.dRecall)} ${fmt(s.dPrecision)} ${fmt(s.qRecall)} ${fmt(s.qPrecision)}\n`);
  }
}
// Owner and due phrase of the matched action items (expected owner "me"/"them" or a name; "we"/"everyone" accepted as given).
for (const [name, meetings] of rows) {
  let owners = 0;
  let ownersRight = 0;
  let dues = 0;
  let duesRight = 0;
  for (const meeting of meetings) {
    const segments = toSegments(meeting.transcript, ownerMatcher(meeting.me));
    const produced = replayTranscript(segments, briefOf(meeting)).summary.actionItems;
    const expected = meeting.expected.action_items;
    const meName = meeting.me.toLowerCase();
    const norm = (owner: string | null) => (owner ?? '').toLowerCase().replace(meName, 'me');
    for (const [i, j] of matchPairs(expected.map((a) => a.text), produced.map((a) => a.text))) {
      const e = expected[i]!;
      const p = produced[j]!;
      if (e.owner) {
        owners++;
        if (norm(e.owner) === norm(p.owner)) ownersRight++;
      }
      if (e.due) {
        dues++;
        if (p.due && itemSimilarity(e.due, p.due) >= 0.5) duesRight++;
      }
    }
  }
  process.stdout.write(`${name.padEnd(10)}matched action items: owner right ${ownersRight}/${owners} (${(ownersRight / Math.max(1, owners)).toFixed(2)}), due phrase found ${duesRight}/${dues} (${(duesRight / Math.max(1, dues)).toFixed(2)})\n`);
}

// Robustness: the same meetings as a speech recognizer writes them (lowercase, no punctuation).
const asr = (meeting: EvalMeeting): EvalMeeting => ({
  ...meeting,
  me: meeting.me.toLowerCase(),
  transcript: meeting.transcript.map((l) => ({ ...l, speaker: l.speaker.toLowerCase(), text: l.text.toLowerCase().replace(/[^a-z0-9' $%-]+/g, ' ').replace(/\s+/g, ' ').trim() })),
});
{
  const s = score(all.map(asr), runEngine);
  const b = score(all.map(asr), runBaseline);
  process.stdout.write(`${'all, ASR-style text (lowercase, no punctuation)'}\n`);
  process.stdout.write(`${''.padEnd(10)}${'offline'.padEnd(10)}${fmt(s.aRecall)} ${fmt(s.aPrecision)} ${fmt(s.dRecall)} ${fmt(s.dPrecision)} ${fmt(s.qRecall)} ${fmt(s.qPrecision)}\n`);
  process.stdout.write(`${''.padEnd(10)}${'baseline'.padEnd(10)}${fmt(b.aRecall)} ${fmt(b.aPrecision)} ${fmt(b.dRecall)} ${fmt(b.dPrecision)} ${fmt(b.qRecall)} ${fmt(b.qPrecision)}\n`);
}

if (process.argv.includes('--verbose')) {
  for (const meeting of all) {
    const produced = runEngine(meeting);
    process.stdout.write(`\n## ${meeting.id}\n${JSON.stringify(produced, null, 1)}\n`);
  }
}

// Latency: final segment in → guidance out, through the live engine (NLP, retrieval, policy).
const latencies: number[] = [];
const baselineLatencies: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const meeting of all) {
    const live = createLiveCopilot({ brief: briefOf(meeting) });
    for (const segment of toSegments(meeting.transcript, ownerMatcher(meeting.me))) {
      const started = performance.now();
      const update = live.push(segment);
      const elapsed = performance.now() - started;
      if (update.guidance.length > 0) latencies.push(elapsed);
      const t0 = performance.now();
      runBaseline({ ...meeting, transcript: [{ speaker: segment.speaker, text: segment.text, start_time_seconds: 0, end_time_seconds: 0 }] });
      baselineLatencies.push(performance.now() - t0);
    }
  }
}
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
process.stdout.write(`\nlanguage model load (once per process, when a call starts): ${modelLoadMs.toFixed(0)} ms\n`);
process.stdout.write(`latency final segment → guidance (offline engine, ${latencies.length} guided segments): p50 ${pct(latencies, 50).toFixed(2)} ms, p95 ${pct(latencies, 95).toFixed(2)} ms\n`);
process.stdout.write(`baseline (regex only, same segments): p50 ${pct(baselineLatencies, 50).toFixed(3)} ms, p95 ${pct(baselineLatencies, 95).toFixed(3)} ms\n`);

// The same through the real core: transcripts.add (stored, pushed) → guidance row written and
// `guidance.added` pushed, with SQLite in memory; baseline = storing the segment alone.
const core = createCore({ databasePath: ':memory:', dataDir: '/nonexistent-bench' });
const guidedAt = new Map<string, number>();
core.subscribe((event, payload) => {
  if (event === 'guidance.added') {
    const id = (payload as { triggered_by_transcript_id: string | null }).triggered_by_transcript_id;
    if (id && !guidedAt.has(id)) guidedAt.set(id, performance.now());
  }
});
const coreLatencies: number[] = [];
const storeLatencies: number[] = [];
for (const meeting of all) {
  const session = await core['sessions.create']({ title: meeting.title, ...(meeting.context ? { context_text: meeting.context } : {}) });
  const isMe = ownerMatcher(meeting.me);
  for (const line of meeting.transcript) {
    const started = performance.now();
    const row = await core['transcripts.add']({ session_id: session.id, speaker: line.speaker, is_owner: isMe(line.speaker), content: line.text, start_time_seconds: line.start_time_seconds, end_time_seconds: line.end_time_seconds });
    storeLatencies.push(performance.now() - started);
    await core.internals.copilotIdle();
    const guided = guidedAt.get(row.id);
    if (guided !== undefined) coreLatencies.push(guided - started);
  }
}
await core.close();
process.stdout.write(`core: final segment → guidance.added (${coreLatencies.length} guided segments): p50 ${pct(coreLatencies, 50).toFixed(2)} ms, p95 ${pct(coreLatencies, 95).toFixed(2)} ms\n`);
process.stdout.write(`baseline (transcripts.add alone, same segments): p50 ${pct(storeLatencies, 50).toFixed(2)} ms, p95 ${pct(storeLatencies, 95).toFixed(2)} ms\n`);

// A two-hour meeting (the eval meetings back to back): replay + chunked summary, next to
// ranking every sentence in one TextRank graph (what chunking avoids).
{
  const lines: EvalMeeting['transcript'] = [];
  let offset = 0;
  while (offset < 7_200) {
    for (const meeting of all) {
      for (const line of meeting.transcript) lines.push({ ...line, speaker: line.speaker === meeting.me ? 'me' : line.speaker, start_time_seconds: line.start_time_seconds + offset, end_time_seconds: line.end_time_seconds + offset });
      offset += (meeting.transcript.at(-1)?.end_time_seconds ?? 0) + 2;
    }
  }
  const long = lines.filter((l) => l.end_time_seconds <= 7_200);
  const brief = briefOf({ ...all[0]!, context: '' });
  const started = performance.now();
  const { summary } = replayTranscript(toSegments(long, ownerMatcher()), brief);
  const chunkedMs = performance.now() - started;
  const sentences = long.flatMap((l) => l.text.split(/(?<=[.!?])\s+/));
  const t0 = performance.now();
  textRank(sentences);
  const flatMs = performance.now() - t0;
  process.stdout.write(`\n2-hour meeting (${long.length} segments, ${sentences.length} sentences): replay + chunked summary ${chunkedMs.toFixed(0)} ms (${summary.actionItems.length} action items, ${summary.keyDecisions.length} decisions); one flat TextRank over all sentences ${flatMs.toFixed(0)} ms\n`);
}
