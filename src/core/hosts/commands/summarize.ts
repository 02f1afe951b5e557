import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, toError } from '../../../shared/errors';
import { formatSummarizeOutput, toSummarizeOutput, TranscriptFileSchema, type SummarizeOutput } from '../../copilot/cli-output';
import { toCopilotSegment } from '../../copilot/context';
import { ownerMatcher, replayTranscript, toSegments } from '../../copilot/run-transcript';
import { loadSessionBrief } from '../../copilot/session-brief';
import type { SessionBrief } from '../../copilot/types';
import { createCore } from '../../create-core';
import { resolveDataDir, type CliCommand } from './command';

/** `liveconvo summarize`: replays a transcript through the live copilot, then writes the post-call summary. */
export const command: CliCommand = {
  help: [
    'Usage: liveconvo summarize --transcript T.json [--json] [--me NAME] [--context FILE] [--title TITLE] [--type TYPE]',
    '       liveconvo summarize --session ID [--json]',
    '',
    'T.json is [{"speaker", "text", "start_time_seconds", "end_time_seconds"}]; the speaker "me" (or --me NAME) is you.',
    'Runs the live engines (guidance, smart notes) as if the segments arrived in real time, then the summary.',
    '--transcript uses the offline engine; --session also stores the summary, with the engine chosen in settings.',
    '--json prints {"summary": {"title", "tldr", "key_decisions", "action_items": [{"text", "owner", "due"}],',
    '"follow_up_questions", "conversation_highlights"}, "smart_notes": [{"category", "content", "importance"}],',
    '"guidance": [{"guidance_type", "content", "priority", "triggered_by_sequence"}]}.',
  ].join('\n'),
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        transcript: { type: 'string' },
        session: { type: 'string' },
        json: { type: 'boolean', default: false },
        me: { type: 'string' },
        context: { type: 'string' },
        title: { type: 'string' },
        type: { type: 'string' },
      },
      strict: true,
    });
    if ((values.transcript === undefined) === (values.session === undefined)) {
      throw new AppError('validation.invalid_input', 'Pass either --transcript FILE or --session ID');
    }
    const output = values.transcript !== undefined ? fromFile(values.transcript, values) : await fromSession(values.session ?? '');
    process.stdout.write(`${values.json ? JSON.stringify(output) : formatSummarizeOutput(output)}\n`);
    return 0;
  },
};

function fromFile(path: string, options: { me?: string | undefined; context?: string | undefined; title?: string | undefined; type?: string | undefined }): SummarizeOutput {
  const lines = TranscriptFileSchema.safeParse(readJson(path));
  if (!lines.success) {
    throw new AppError('validation.invalid_input', `${path} is not a transcript: ${lines.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  if (lines.data.length === 0) throw new AppError('copilot.empty_transcript', `${path} has no segments`);
  const isMe = ownerMatcher(options.me);
  const segments = toSegments(lines.data, (speaker) => isMe(speaker)).map((s, i) => ({ ...s, isOwner: lines.data[i]?.is_owner ?? s.isOwner }));
  const brief: SessionBrief = {
    title: options.title ?? '',
    conversationType: options.type ?? null,
    participantMe: null,
    participantThem: null,
    aiInstructions: null,
    guidancePrompts: [],
    contextInstructions: null,
    sources: options.context ? [{ kind: 'session_context', label: options.context, text: readFileSync(options.context, 'utf8') }] : [],
  };
  const replay = replayTranscript(segments, brief);
  return toSummarizeOutput(replay, replay.summary);
}

async function fromSession(sessionId: string): Promise<SummarizeOutput> {
  const dataDir = resolveDataDir();
  const core = createCore({ databasePath: join(dataDir, 'liveconvo.db'), dataDir, host: 'headless' });
  try {
    const session = await core['sessions.get']({ id: sessionId });
    const rows = await core['transcripts.list']({ session_id: session.id, limit: 20_000 });
    if (rows.length === 0) throw new AppError('copilot.empty_transcript', `Session ${session.id} has no transcript`);
    const checklist = await core['checklist.list']({ session_id: session.id });
    const replay = replayTranscript(rows.map(toCopilotSegment), loadSessionBrief(core.internals.db, session.id), checklist.map((c) => ({ ...c, status: 'open' as const })));
    const stored = await core['summaries.generate']({ session_id: session.id });
    return toSummarizeOutput(replay, {
      title: stored.title ?? session.title,
      tldr: stored.tldr ?? '',
      keyDecisions: stored.key_decisions,
      actionItems: stored.action_items,
      followUpQuestions: stored.follow_up_questions,
      conversationHighlights: stored.conversation_highlights,
    });
  } finally {
    await core.close();
  }
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('validation.invalid_input', `Cannot read ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('validation.invalid_input', `${path} is not valid JSON: ${toError(error).message}`);
  }
}
