import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const IMAGE = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp']);
const TEXT = new Set(['.txt', '.text', '.md']);

export type ScanTarget = { file: string; kind: 'image' | 'text' };

/** Images and text files under the given paths, folders recursively, in a stable order. */
export async function collectTargets(paths: string[]): Promise<{ targets: ScanTarget[]; problems: string[] }> {
  const targets: ScanTarget[] = [];
  const problems: string[] = [];
  const visit = async (p: string, explicit: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(p);
    } catch (err) {
      problems.push(`${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message}`);
      return;
    }
    if (info.isDirectory()) {
      const names = (await readdir(p)).filter((n) => !n.startsWith('.')).sort();
      for (const name of names) await visit(path.join(p, name), false);
      return;
    }
    const ext = path.extname(p).toLowerCase();
    if (IMAGE.has(ext)) targets.push({ file: p, kind: 'image' });
    else if (TEXT.has(ext)) targets.push({ file: p, kind: 'text' });
    else if (explicit) targets.push({ file: p, kind: 'image' }); // named on the command line: let the sniffer decide
  };
  for (const p of paths) await visit(p, true);
  return { targets, problems };
}
