/** A console block of README.md as [command, expected output] pairs: the first block after `heading`. */
import { readFileSync } from 'node:fs';

export function readmeSteps(heading: string): [string, string][] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(`## ${heading}`);
  const block = /```console\n([\s\S]*?)```/.exec(readme.slice(start))![1]!;
  const steps: [string, string][] = [];
  for (const line of block.trimEnd().split('\n')) {
    if (line.startsWith('$ ')) steps.push([line.slice(2), '']);
    else steps[steps.length - 1]![1] += (steps[steps.length - 1]![1] ? '\n' : '') + line;
  }
  return steps;
}
