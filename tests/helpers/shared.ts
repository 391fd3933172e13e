import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Path inside ../shared (or RW_SHARED_DIR), the read-only real data beside the project. */
export function sharedDir(...parts: string[]): string {
  const root = process.env.RW_SHARED_DIR ?? path.resolve(projectRoot, '..', 'shared');
  return path.join(root, ...parts);
}
