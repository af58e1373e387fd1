/**
 * A user's script type-checked as its author would: this checkout's tsc, strict, Node's module
 * resolution, from the script's own folder (where its packages resolve). Rejects with tsc's report.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const tsc = resolve(import.meta.dirname, '../../node_modules/typescript/bin/tsc');

export async function typecheck(cwd: string, file: string, extraArgs: readonly string[] = []): Promise<void> {
  const args = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2023', '--skipLibCheck', ...extraArgs];
  try {
    await promisify(execFile)(process.execPath, [tsc, ...args, file], { cwd });
  } catch (e) {
    throw new Error(`tsc ${file}: ${(e as { stdout?: string }).stdout ?? String(e)}`, { cause: e });
  }
}
