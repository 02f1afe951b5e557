#!/usr/bin/env node
// The `liveconvo` CLI: runs the TypeScript core directly through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/core/hosts/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
// The command has finished and closed what it opened. A library timer can still hold the event loop
// (@electric-sql/client keeps a 60 s save timer after a sync stream stops), so the process leaves
// after a short grace period for stdout to drain instead of lingering for a minute.
setTimeout(() => process.exit(), 1000).unref();
