import { existsSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import { AppError } from '../../shared/errors';
import { createLogger } from '../log/logger';
import type { FinalHypothesis, Transcriber, UtteranceDecoder } from './transcriber';

const log = createLogger('pocketsphinx');

/** Where Debian's `pocketsphinx-en-us` puts the US English model (`dpkg -L pocketsphinx-en-us`). */
export const DEFAULT_POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/** Options for the PocketSphinx engine. */
export interface PocketSphinxOptions {
  /** Directory holding `en-us/` (acoustic model), `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir?: string;
}

interface Native {
  psArgs: () => unknown;
  parseArgs: (inout: null, defn: unknown, argc: number, argv: string[], strict: number) => unknown;
  init: (config: unknown) => unknown;
  free: (ps: unknown) => number;
  freeConfig: (config: unknown) => number;
  startUtt: (ps: unknown) => number;
  endUtt: (ps: unknown) => number;
  processRaw: (ps: unknown, data: Int16Array, n: number, noSearch: number, fullUtt: number) => number;
  getHyp: (ps: unknown, score: number[]) => string | null;
  getProb: (ps: unknown) => number;
  getLogmath: (ps: unknown) => unknown;
  logmathExp: (logmath: unknown, value: number) => number;
}

let native: Native | undefined;

/** Binds libpocketsphinx (Debian 0.8+5prealpha, soname 3) once per process. */
function loadNative(): Native {
  if (native) return native;
  try {
    const sphinxbase = koffi.load('libsphinxbase.so.3');
    const ps = koffi.load('libpocketsphinx.so.3');
    // Silence the library's own logging to stderr; decoding results come back through the API.
    sphinxbase.func('void err_set_logfp(void *fp)')(null);
    native = {
      psArgs: ps.func('void *ps_args()') as Native['psArgs'],
      parseArgs: sphinxbase.func('void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)') as Native['parseArgs'],
      init: ps.func('void *ps_init(void *config)') as Native['init'],
      free: ps.func('int ps_free(void *ps)') as Native['free'],
      freeConfig: sphinxbase.func('int cmd_ln_free_r(void *config)') as Native['freeConfig'],
      startUtt: ps.func('int ps_start_utt(void *ps)') as Native['startUtt'],
      endUtt: ps.func('int ps_end_utt(void *ps)') as Native['endUtt'],
      processRaw: ps.func('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)') as Native['processRaw'],
      getHyp: ps.func('const char *ps_get_hyp(void *ps, _Out_ int32_t *score)') as Native['getHyp'],
      getProb: ps.func('int32_t ps_get_prob(void *ps)') as Native['getProb'],
      getLogmath: ps.func('void *ps_get_logmath(void *ps)') as Native['getLogmath'],
      logmathExp: sphinxbase.func('double logmath_exp(void *lmath, int logb_p)') as Native['logmathExp'],
    };
    return native;
  } catch (cause) {
    throw new AppError('transcriber.unavailable', 'PocketSphinx is not installed (apt install libpocketsphinx3 pocketsphinx-en-us)', { cause });
  }
}

/**
 * Creates a PocketSphinx transcriber over the native library through koffi.
 * @throws AppError('transcriber.unavailable') when the library or the model is missing.
 */
export function createPocketSphinxTranscriber(options: PocketSphinxOptions = {}): Transcriber {
  const modelDir = options.modelDir ?? DEFAULT_POCKETSPHINX_MODEL_DIR;
  const files = { hmm: join(modelDir, 'en-us'), lm: join(modelDir, 'en-us.lm.bin'), dict: join(modelDir, 'cmudict-en-us.dict') };
  if (!Object.values(files).every((file) => existsSync(file))) {
    throw new AppError('transcriber.unavailable', 'The PocketSphinx en-us model is missing (apt install pocketsphinx-en-us)');
  }
  const lib = loadNative();
  const argv = ['-hmm', files.hmm, '-lm', files.lm, '-dict', files.dict, '-logfn', '/dev/null'];
  const config = lib.parseArgs(null, lib.psArgs(), argv.length, argv, 0);
  const decoder = config ? lib.init(config) : null;
  if (!decoder) throw new AppError('transcriber.unavailable', 'PocketSphinx failed to initialise its decoder');
  let busy = false;
  let closed = false;
  // Audio reaches the decoder in blocks of BLOCK_SAMPLES, as pocketsphinx_continuous reads it (fewer
  // FFI calls than one per 20 ms VAD frame); finish() decodes the part block before ending.
  const block = new Int16Array(BLOCK_SAMPLES);
  let blockFill = 0;
  const feed = (samples: Int16Array) => {
    let read = 0;
    while (read < samples.length) {
      const take = Math.min(samples.length - read, block.length - blockFill);
      block.set(samples.subarray(read, read + take), blockFill);
      blockFill += take;
      read += take;
      if (blockFill === block.length) {
        lib.processRaw(decoder, block, block.length, 0, 0);
        blockFill = 0;
      }
    }
  };
  const drain = () => {
    if (blockFill > 0) lib.processRaw(decoder, block.subarray(0, blockFill), blockFill, 0, 0);
    blockFill = 0;
  };
  log.debug('decoder ready');

  return {
    engine: 'pocketsphinx',
    startUtterance(): UtteranceDecoder {
      if (closed) throw new AppError('transcriber.unavailable', 'The transcriber is closed');
      if (busy) throw new AppError('internal', 'PocketSphinx decodes one utterance at a time');
      busy = true;
      lib.startUtt(decoder);
      blockFill = 0;
      let done = false;
      const end = (decodeRest: boolean) => {
        if (done) return;
        done = true;
        busy = false;
        if (decodeRest) drain();
        lib.endUtt(decoder);
      };
      return {
        accept(samples) {
          if (!done) feed(samples);
        },
        partial() {
          return done ? '' : (lib.getHyp(decoder, [0]) ?? '');
        },
        finish(): Promise<FinalHypothesis> {
          end(true);
          const text = (lib.getHyp(decoder, [0]) ?? '').trim();
          const words = text.length === 0 ? 0 : text.split(/\s+/).length;
          // ps_get_prob is the log posterior of the whole hypothesis; its per-word geometric mean is
          // a usable 0–1 confidence that does not shrink with utterance length.
          const confidence = words === 0 ? null : clamp01(lib.logmathExp(lib.getLogmath(decoder), Math.round(lib.getProb(decoder) / words)));
          return Promise.resolve({ text, confidence });
        },
        abort: () => end(false),
      };
    },
    close() {
      if (closed) return;
      closed = true;
      lib.free(decoder);
      lib.freeConfig(config);
    },
  };
}

/** Samples per ps_process_raw call (pocketsphinx_continuous reads 2048 at a time). */
const BLOCK_SAMPLES = 2048;

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
}
