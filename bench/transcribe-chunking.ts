// `npx tsx bench/transcribe-chunking.ts`: how much the raw engine's own WER moves with nothing but
// the size of the blocks it is fed. Replays pocketsphinx_continuous's file loop (ps_process_raw in
// blocks, end the utterance when ps_get_in_speech turns false) in-process through koffi on the
// generated bench meetings, at several block sizes; the CLI reads 2048-sample blocks. Shows the
// noise floor under the pipeline-vs-raw WER comparison of bench/transcribe.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { buildMeeting } from '../src/core/audio/testing/speech';
import { werBySpeaker } from '../src/core/capture/testing/scoring';
import { DEFAULT_POCKETSPHINX_MODEL_DIR } from '../src/core/transcribe/pocketsphinx';
import { MEETINGS } from './transcribe-meetings';

const sphinxbase = koffi.load('libsphinxbase.so.3');
const ps = koffi.load('libpocketsphinx.so.3');
sphinxbase.func('void err_set_logfp(void *fp)')(null);
const psArgs = ps.func('void *ps_args()');
const parseArgs = sphinxbase.func('void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)');
const init = ps.func('void *ps_init(void *config)');
const free = ps.func('int ps_free(void *ps)');
const startUtt = ps.func('int ps_start_utt(void *ps)');
const endUtt = ps.func('int ps_end_utt(void *ps)');
const processRaw = ps.func('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)');
const getHyp = ps.func('const char *ps_get_hyp(void *ps, _Out_ int32_t *score)');
const inSpeech = ps.func('uint8_t ps_get_in_speech(void *ps)');

/** pocketsphinx_continuous's loop over one channel, fed `blockSamples` at a time. */
function continuousLoop(samples: Int16Array, blockSamples: number): string {
  const m = DEFAULT_POCKETSPHINX_MODEL_DIR;
  const argv = ['-hmm', `${m}/en-us`, '-lm', `${m}/en-us.lm.bin`, '-dict', `${m}/cmudict-en-us.dict`, '-logfn', '/dev/null'];
  const decoder: unknown = init(parseArgs(null, psArgs(), argv.length, argv, 0));
  const out: string[] = [];
  startUtt(decoder);
  let started = false;
  for (let at = 0; at < samples.length; at += blockSamples) {
    const block = samples.slice(at, at + blockSamples);
    processRaw(decoder, block, block.length, 0, 0);
    const speaking = inSpeech(decoder) !== 0;
    if (speaking && !started) started = true;
    if (!speaking && started) {
      endUtt(decoder);
      out.push((getHyp(decoder, [0]) as string | null) ?? '');
      startUtt(decoder);
      started = false;
    }
  }
  endUtt(decoder);
  out.push((getHyp(decoder, [0]) as string | null) ?? '');
  free(decoder);
  return out.join(' ').trim();
}

const dir = mkdtempSync(join(tmpdir(), 'lc-bench-chunking-'));
try {
  const sizes = [320, 1024, 2048, 4096];
  process.stdout.write(`raw engine WER by block size (errors/words)   ${sizes.map((s) => `${s}`.padStart(9)).join('')}\n`);
  const totals = sizes.map(() => 0);
  let words = 0;
  for (const bench of MEETINGS) {
    const meeting = buildMeeting(bench.turns, dir, { gapSeconds: 0.8, voices: bench.voices });
    const row = sizes.map((size, i) => {
      const texts = { me: continuousLoop(meeting.mic, size), them: continuousLoop(meeting.system, size) };
      const result = werBySpeaker(
        meeting.reference,
        (['me', 'them'] as const).map((speaker) => ({ speaker, text: texts[speaker], start_time_seconds: 0, end_time_seconds: 1 })),
        (s) => s.speaker,
      );
      totals[i] = (totals[i] ?? 0) + result.errors;
      if (i === 0) words += result.referenceWords;
      return `${result.errors}/${result.referenceWords}`.padStart(9);
    });
    process.stdout.write(`${bench.name.padEnd(45)}${row.join('')}\n`);
  }
  process.stdout.write(`${'all meetings'.padEnd(45)}${totals.map((t) => `${t}/${words}`.padStart(9)).join('')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
