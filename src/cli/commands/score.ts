import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { ScoreResult, Scorer } from '../../scoring/index.ts';
import { UsageError } from '../usage-error.ts';

const MAX_INPUT_BYTES = 10 * 1024 * 1024;

interface ScoreOpts { json?: boolean; jsonl?: string; threshold?: string; patterns?: string }

/** Threshold option shared by score and eval: a number from 0 to 100. */
export function parseThreshold(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--threshold must be a number from 0 to 100, got ${raw}`);
  return n;
}

async function readInput(file: string | undefined): Promise<string> {
  if (!file || file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of process.stdin) {
      size += (c as Buffer).length;
      if (size > MAX_INPUT_BYTES) throw new UsageError(`input over ${MAX_INPUT_BYTES} bytes`);
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`${file}: no such file`);
  if (info.size > MAX_INPUT_BYTES) throw new UsageError(`${file}: ${info.size} bytes, over the ${MAX_INPUT_BYTES}-byte limit`);
  return readFile(file, 'utf8');
}

function formatResult(r: ScoreResult): string {
  const lines = [
    `score ${r.score}  ${r.flagged ? 'FLAGGED' : 'not flagged'}  (pack ${r.packVersion})`,
    r.explanation,
  ];
  if (r.matches.length) lines.push('matches:', ...r.matches.map((m) => `  ${m.category.padEnd(16)} ${m.rule.padEnd(22)} ${JSON.stringify(m.text)} [${m.start}-${m.end}]`));
  if (r.indicators.length) lines.push('indicators:', ...r.indicators.map((i) => `  ${i.type.padEnd(9)} ${i.value}`));
  return `${lines.join('\n')}\n`;
}

/** One {"id","text"} input line to its result line; a bad line becomes an error object, never a throw. */
export function scoreJsonlLine(scorer: Scorer, line: string, lineNo: number): { out: string; bad: boolean } {
  let id: unknown = null;
  try {
    const o = JSON.parse(line) as { id?: unknown; text?: unknown };
    id = o?.id ?? null;
    if (typeof o?.text !== 'string') throw new Error('"text" must be a string');
    const r = scorer.score(o.text);
    return { out: JSON.stringify({ id, score: r.score, flagged: r.flagged, matches: r.matches, indicators: r.indicators }), bad: false };
  } catch (err) {
    return { out: JSON.stringify({ id, line: lineNo, error: err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message }), bad: true };
  }
}

/** Streams {"id","text"} lines to one result line each; a bad line yields an error object and scoring goes on. */
async function scoreJsonl(scorer: Scorer, file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`${file}: no such file`);
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    const r = scoreJsonlLine(scorer, line, lineNo);
    if (r.bad) bad++;
    if (!process.stdout.write(`${r.out}\n`)) await new Promise((res) => process.stdout.once('drain', res));
  }
  if (bad) {
    process.stderr.write(`recruitwatch: ${bad} of ${lineNo} lines could not be scored (error objects on stdout)\n`);
    process.exitCode = 1; // a pipeline must notice that part of its input was not scored
  }
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('Score a text (file or stdin) for recruitment-scam signals, or a JSONL file of {"id","text"} lines')
    .argument('[file]', 'text file, or - for stdin')
    .option('--json', 'print the full ScoreResult as JSON')
    .option('--jsonl <file>', 'score {"id","text"} lines, one result line per input (streaming)')
    .option('--threshold <n>', 'flag at this score or above (default 60)')
    .option('--patterns <dir>', 'use this pattern pack instead of the built-in one')
    .action(async (file: string | undefined, opts: ScoreOpts) => {
      const { loadScorer } = await import('../../scoring/index.ts'); // the pack compiles only when used
      const scorer = loadScorer({ dir: opts.patterns, threshold: parseThreshold(opts.threshold) });
      if (opts.jsonl) {
        if (file) throw new UsageError('give either a file or --jsonl, not both');
        return scoreJsonl(scorer, opts.jsonl);
      }
      const r = scorer.score(await readInput(file));
      process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : formatResult(r));
    });
}
