/**
 * @module
 * The oldest Node the installed package runs on (package.json `engines` says the same; a test
 * holds them equal): undici 7 needs 20.18.1. Checked by the `inres` command before anything
 * else loads, so an older Node gets one line instead of a stack trace from a dependency.
 */
export const minimumNode = '20.18.1';

const parts = (v: string): number[] => v.replace(/^v/, '').split('.').map(Number);

/** The line to print when `version` (as `process.versions.node` spells it) is too old, else undefined. */
export function nodeTooOld(version: string): string | undefined {
  const have = parts(version);
  const need = parts(minimumNode);
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) > need[i]!) return undefined;
    if ((have[i] ?? 0) < need[i]!) {
      return `inres: needs Node.js ${minimumNode} or later (this is ${version}); get it from https://nodejs.org/ or with \`nvm install 24\``;
    }
  }
  return undefined;
}
