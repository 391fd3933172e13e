import type { Command } from 'commander';
import { DATASET_FORMATS, DatasetError, readDataset, type DatasetFormat } from '../../scoring/eval/eval-datasets.ts';
import { UsageError } from '../usage-error.ts';
import { parseThreshold } from './score.ts';

interface EvalOpts { dataset: string; format: string; json?: boolean; errors?: boolean; threshold?: string; patterns?: string }

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Measure the scorer on a labelled dataset: precision, recall, F1, confusion matrix, by lang and kind')
    .requiredOption('--dataset <file>', 'JSONL {text,label,lang?,kind?} or one of the real sets in ../shared/datasets')
    .option('--format <format>', `auto | ${DATASET_FORMATS.join(' | ')}`, 'auto')
    .option('--json', 'print the report as JSON')
    .option('--errors', 'list the misses and false flags')
    .option('--threshold <n>', 'flag at this score or above (default 60)')
    .option('--patterns <dir>', 'use this pattern pack instead of the built-in one')
    .action(async (opts: EvalOpts) => {
      if (opts.format !== 'auto' && !DATASET_FORMATS.includes(opts.format as DatasetFormat)) {
        throw new UsageError(`--format must be auto or one of ${DATASET_FORMATS.join(', ')}`);
      }
      const [{ loadScorer }, { evaluate, formatReport }] = await Promise.all([import('../../scoring/index.ts'), import('../../scoring/eval/eval.ts')]);
      const scorer = loadScorer({ dir: opts.patterns, threshold: parseThreshold(opts.threshold) });
      let data;
      try {
        data = readDataset(opts.dataset, opts.format as DatasetFormat | 'auto');
      } catch (err) {
        if (err instanceof DatasetError) throw new UsageError(err.message);
        throw err;
      }
      const report = evaluate(scorer, data.items);
      if (opts.json) {
        const { errors, ...rest } = report;
        process.stdout.write(`${JSON.stringify({ format: data.format, ...rest, ...(opts.errors ? { errors } : {}) }, null, 2)}\n`);
      } else {
        process.stdout.write(`${opts.dataset} (${data.format})\n${formatReport(report, Boolean(opts.errors))}\n`);
      }
    });
}
