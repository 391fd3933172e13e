import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sharedDir } from './shared.ts';

// `npm run test:data`: the suite that reads the real datasets beside the project. Without them, one
// clear sentence and exit 1 (vitest's globalSetup would print a red banner and a stack trace).
if (!existsSync(sharedDir('datasets'))) {
  process.stderr.write(
    `recruitwatch data suite: the shared datasets are not at ${sharedDir()} (set RW_SHARED_DIR to point elsewhere); ` +
      'they are not part of the repository, and `npm test` runs the self-contained suite.\n',
  );
  process.exit(1);
}
const run = spawnSync('npx', ['vitest', 'run', '--project', 'data', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
