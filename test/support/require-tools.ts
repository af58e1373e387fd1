/**
 * `npm test`'s first step (the `pretest` script): the suite starts real redis-server,
 * redis-sentinel and redis-cli processes. Without them it would fail after typecheck and lint;
 * this says so at once, with the line that installs them.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const tools = ['redis-server', 'redis-sentinel', 'redis-cli'];
const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);

const found = (tool: string): boolean =>
  dirs.some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

const missing = tools.filter((tool) => !found(tool));
if (missing.length) {
  process.stderr.write(
    `npm test needs ${tools.join(', ')} on PATH; missing: ${missing.join(', ')}.\n` +
      'On Debian or Ubuntu: sudo apt-get install -y redis-server redis-sentinel redis-tools\n',
  );
  process.exit(1);
}
