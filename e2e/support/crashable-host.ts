// A web-mode host built exactly as `liveconvo serve` builds it (real core, real host, the crash
// policy on the real process). Writing "throw" or "reject" to its stdin makes background work
// fail the way a bug would. Run with `node --import tsx e2e/support/crashable-host.ts`; used by
// the crash-policy tests only, never by the product.
import { join } from 'node:path';
import { createCore } from '../../src/core/create-core';
import { startHeadlessHost } from '../../src/core/hosts/headless';
import { installCrashPolicy } from '../../src/core/hosts/headless-crash-policy';

const dataDir = process.env['LIVECONVO_DATA_DIR'] ?? '';
const core = createCore({ databasePath: join(dataDir, 'liveconvo.db'), dataDir, host: 'headless' });
const host = await startHeadlessHost({ core, port: 0 });
installCrashPolicy({ process, push: (payload) => host.broadcast('app.errorOccurred', payload) });
process.stdin.on('data', (chunk: Buffer) => {
  for (const command of chunk.toString().trim().split('\n')) {
    if (command === 'throw') {
      setTimeout(() => {
        throw new TypeError('Notes about Jane Doe');
      }, 0);
    }
    if (command === 'reject') void Promise.reject(new RangeError('Budget for Acme'));
  }
});
process.stdout.write(`listening on ${host.url}\n`);
