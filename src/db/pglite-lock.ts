import fs from 'node:fs';
import path from 'node:path';

export class DataFolderLockedError extends Error {}

/**
 * PGlite has no locking of its own: two processes on one folder silently lose writes.
 * A lock file holding our pid keeps a second process out; a stale one (dead pid) is taken over.
 */
export function lockDataFolder(folder: string): () => void {
  fs.mkdirSync(folder, { recursive: true });
  const lockPath = path.join(path.dirname(folder), `${path.basename(folder)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DataFolderLockedError(
          `the embedded database in ${folder} is in use by another recruitwatch process (pid ${holder}). ` +
            'Stop that process first, or set DATABASE_URL to a PostgreSQL server so several processes can share it.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataFolderLockedError(`could not lock ${folder}: another process keeps taking the lock`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
