import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors';
import { transcribeFiles } from '../../capture/transcribe-files';
import { createCore } from '../../create-core';
import { createConfiguredTranscriberFactory, readTranscriptionSettings } from '../../transcribe/engine-settings';
import { resolveDataDir, type CliCommand } from './command';

/** `liveconvo transcribe`: runs the live pipeline over audio files and stores a session. */
export const command: CliCommand = {
  help: [
    'Usage: liveconvo transcribe --mic MIC.wav --system SYSTEM.wav [--json] [--title TITLE]',
    '       liveconvo transcribe --input MEETING.(wav|mp3|m4a|webm) [--json] [--title TITLE]',
    '',
    'Transcribes with the engine chosen in settings (PocketSphinx by default, offline) and stores',
    'a session. --mic is "me", --system is "them"; --input separates speakers (speaker_1, speaker_2, …).',
    '--json prints {"session_id", "segments": [{"speaker", "text", "start_time_seconds", "end_time_seconds", "confidence"}]}.',
  ].join('\n'),
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        mic: { type: 'string' },
        system: { type: 'string' },
        input: { type: 'string' },
        json: { type: 'boolean', default: false },
        title: { type: 'string' },
      },
      strict: true,
    });
    const isMixed = values.input !== undefined;
    if (isMixed === (values.mic !== undefined || values.system !== undefined)) {
      throw new AppError('validation.invalid_input', 'Pass either --input FILE, or --mic and/or --system files');
    }
    const dataDir = resolveDataDir();
    const core = createCore({ databasePath: join(dataDir, 'liveconvo.db'), dataDir, host: 'headless' });
    try {
      const factory = createConfiguredTranscriberFactory({ db: core.internals.db, secrets: core.internals.secrets, dataDir });
      const result = await transcribeFiles(
        core,
        values.input !== undefined ? { input: values.input } : { ...(values.mic ? { mic: values.mic } : {}), ...(values.system ? { system: values.system } : {}) },
        { factory, vad: readTranscriptionSettings(core.internals.db).vad, ...(values.title ? { title: values.title } : {}) },
      );
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ session_id: result.session_id, segments: result.segments })}\n`);
      } else {
        for (const s of result.segments) {
          process.stdout.write(`[${formatTime(s.start_time_seconds)}] ${s.speaker}: ${s.text}\n`);
        }
        process.stdout.write(`session ${result.session_id}: ${result.segments.length} segments\n`);
      }
      return 0;
    } finally {
      await core.close();
    }
  },
};

function formatTime(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = (seconds % 60).toFixed(1).padStart(4, '0');
  return `${m}:${s}`;
}
