#!/usr/bin/env node
// `npm start`: rebuild better-sqlite3 for Electron's ABI, run `electron-vite preview`, then put the
// Node build back so `npm test` keeps working. Needs the Electron binary, which `npm install`
// downloads on a normal machine (it cannot here: ELECTRON_SKIP_BINARY_DOWNLOAD=1 on CI).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
if (!existsSync(join(electronDir, 'path.txt'))) {
  process.stderr.write(
    'The Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD was set, or the download failed).\n' +
      'Run `node node_modules/electron/install.js` with internet access, or use web mode: `npm run serve`.\n',
  );
  process.exit(1);
}

const run = (args) => spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
process.stderr.write(`Rebuilding better-sqlite3 for Electron ${electronVersion}…\n`);
if (run(['run', 'rebuild:electron']) !== 0) process.exit(1);
const status = run(['exec', '--', 'electron-vite', 'preview', ...process.argv.slice(2)]);
process.stderr.write('Restoring the Node build of better-sqlite3 for tests…\n');
run(['run', 'rebuild:node']);
process.exit(status);
