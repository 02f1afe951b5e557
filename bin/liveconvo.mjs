#!/usr/bin/env node
// The `liveconvo` CLI: runs the TypeScript core directly through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/core/hosts/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
