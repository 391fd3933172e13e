import { existsSync } from 'node:fs';
import { sharedDir } from './shared.ts';

// The data suite reads the real datasets beside the project; say so plainly when they are absent.
export default function requireShared() {
  if (!existsSync(sharedDir('datasets'))) {
    throw new Error(
      `The data suite needs the shared datasets at ${sharedDir()} (set RW_SHARED_DIR to point elsewhere). ` +
        'They are not part of the repository; run `npm test` for the self-contained suite.',
    );
  }
}
