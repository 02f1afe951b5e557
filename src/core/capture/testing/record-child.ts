// A recording process for the crash test: records a WAV on a loop into a file database until it is killed.
import { createCore } from '../../create-core';
import { readWavSamples } from '../../audio/testing/speech';

const [databasePath, dataDir, micPath] = process.argv.slice(2);
if (!databasePath || !dataDir || !micPath) throw new Error('usage: record-child DB DATA_DIR MIC.wav');
const core = createCore({ databasePath, dataDir });
const session = await core['sessions.create']({ title: 'Crash test', visibility: 'private' });
await core['recording.start']({ session_id: session.id, sources: ['mic'] });
process.stdout.write(`SESSION ${session.id}\n`);
const mic = readWavSamples(micPath);
let at = 0;
// 100 ms frames at five times real time, forever.
setInterval(() => {
  core.pushAudio('mic', mic.subarray(at, at + 1600));
  at = at + 1600 >= mic.length ? 0 : at + 1600;
}, 20);
