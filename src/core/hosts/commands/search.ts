import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors';
import { dispatchIpc } from '../../../shared/ipc/dispatch';
import type { IpcOutput } from '../../../shared/ipc/contract';
import { createCore, type CoreApi } from '../../create-core';
import { formatTimestamp } from '../../search';
import { resolveDataDir, type CliCommand } from './command';

/** `liveconvo search`: hybrid search across stored meetings, or `--ask` for a cited answer. */
export const command: CliCommand = {
  help: [
    'Usage: liveconvo search QUERY [--limit N] [--type CONVERSATION_TYPE] [--speaker NAME] [--json]',
    '       liveconvo search --ask QUESTION [--json]',
    '',
    'Searches every stored meeting with keyword (BM25) and vector search fused together, after the',
    'background index has caught up. --ask answers from the retrieved passages and cites them.',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ask: { type: 'string' },
        limit: { type: 'string', default: '10' },
        type: { type: 'string' },
        speaker: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const query = positionals.join(' ').trim();
    if ((values.ask === undefined) === (query === '')) throw new AppError('validation.invalid_input', 'Pass either a QUERY or --ask QUESTION');
    const dataDir = resolveDataDir();
    const core = createCore({ databasePath: join(dataDir, 'liveconvo.db'), dataDir, host: 'headless' });
    try {
      await waitForIndex(core);
      if (values.ask !== undefined) {
        const answer = (await call(core, 'ask.query', { question: values.ask })) as IpcOutput<'ask.query'>;
        process.stdout.write(`${values.json ? JSON.stringify(answer) : formatAnswer(answer)}\n`);
        return 0;
      }
      const input = { query, limit: Number(values.limit), ...(values.type ? { conversation_type: values.type } : {}), ...(values.speaker ? { speaker: values.speaker } : {}) };
      const result = (await call(core, 'search.query', input)) as IpcOutput<'search.query'>;
      process.stdout.write(`${values.json ? JSON.stringify(result) : formatHits(result)}\n`);
      return 0;
    } finally {
      await core.close();
    }
  },
};

async function call(core: CoreApi, channel: 'search.query' | 'ask.query', input: unknown): Promise<unknown> {
  const result = await dispatchIpc(core, channel, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message, { details: result.error.details });
  return result.value;
}

async function waitForIndex(core: CoreApi): Promise<void> {
  for (;;) {
    const status = await core['search.status']({});
    if ((status.pending === 0 && !status.is_running) || status.last_error) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function formatHits(result: IpcOutput<'search.query'>): string {
  if (result.hits.length === 0) return 'No matches.';
  return result.hits
    .map((hit) => {
      let text = hit.snippet.text;
      for (const [start, end] of [...hit.snippet.highlights].reverse()) text = `${text.slice(0, start)}**${text.slice(start, end)}**${text.slice(end)}`;
      const where = hit.start_time_seconds === null ? hit.kind : `${formatTimestamp(hit.start_time_seconds)} ${hit.speaker ?? ''}`.trim();
      return `${hit.session_title} [${where}] (${hit.matched_by.join('+')})\n  ${text}`;
    })
    .join('\n');
}

function formatAnswer(answer: IpcOutput<'ask.query'>): string {
  const sources = answer.citations.map((c) => `[${c.index}] ${c.session_title} at ${formatTimestamp(c.start_time_seconds)} (${c.speaker}, session ${c.session_id})`);
  return [answer.answer, '', ...sources].join('\n');
}
