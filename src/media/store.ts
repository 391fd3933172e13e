import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Originals stored content-addressed under DATA_DIR/media/ab/cd/<sha256>.<ext>, byte for byte:
 * they are evidence, so nothing is stripped. The same bytes are stored once.
 */
export class MediaStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'media');
  }

  async put(bytes: Buffer, ext: string): Promise<{ sha256: string; relPath: string; created: boolean }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const relPath = path.join(sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
    const full = path.join(this.root, relPath);
    if (await exists(full)) return { sha256, relPath, created: false };
    await fs.mkdir(path.dirname(full), { recursive: true });
    // Write then rename, so a crash never leaves a half file under the final name.
    const tmp = `${full}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, full);
    return { sha256, relPath, created: true };
  }

  read(relPath: string): Promise<Buffer> {
    const full = path.resolve(this.root, relPath);
    if (!full.startsWith(this.root + path.sep)) throw new Error(`media path ${relPath} is outside the store`);
    return fs.readFile(full);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
