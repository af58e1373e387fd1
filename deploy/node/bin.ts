#!/usr/bin/env node
/**
 * @module
 * The `inres` command of the installed package: checks the Node version first, then loads the
 * server (main.ts). The import is dynamic so that nothing a newer Node needs is even parsed
 * before the check has spoken.
 */
import { nodeTooOld } from './node-version.ts';

const tooOld = nodeTooOld(process.versions.node);
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(1);
}
await import('./main.ts');
