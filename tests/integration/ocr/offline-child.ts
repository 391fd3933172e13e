// Run by engine.test.ts inside `unshare -n` (no network at all): one recognition with a fresh DATA_DIR.
import { readFileSync } from 'node:fs';
import { createOcrPool } from '../../../src/ocr/engine.ts';

const [dataDir, image] = process.argv.slice(2);
const pool = await createOcrPool({ size: 1, langs: 'eng+rus', dataDir, initTimeoutMs: 20_000 });
const r = await pool.recognize(readFileSync(image), { langs: 'rus' });
await pool.terminate();
process.stdout.write(JSON.stringify({ text: r.text }));
