import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../usage-error.ts';

interface TrainOpts { out?: string; cv?: boolean; folds: string; holdout?: string[]; combine?: boolean; shared: string; write: boolean; root: string }

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Fit the learned text model (logistic regression over hashed n-grams) from the labelled data and write it beside the pattern pack')
    .option('--out <file>', 'where to write the model (default: text-model.json in the built-in pack)')
    .option('--cv', 'report rules only / model only / both, cross-validated by source (page, channel)')
    .option('--folds <n>', 'cross-validation folds', '5')
    .option('--holdout <file...>', 'leave these JSONL files out of training and report rules / model / both on them')
    .option('--combine', 'switch the combination rule on in the written model (default: the model is shown, never counted)')
    .option('--shared <dir>', 'the shared folder holding datasets/', path.resolve('..', 'shared'))
    .option('--root <dir>', 'the project checkout holding tests/fixtures', '.')
    .option('--no-write', 'measure only; write no model file')
    .action(async (opts: TrainOpts) => {
      const folds = Number(opts.folds);
      if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError(`--folds must be an integer from 2 to 20, got ${opts.folds}`);
      const [{ loadScorer, defaultPatternDir }, t, { serializeModel, MODEL_FILE }, { DEFAULT_SPEC }, { DEFAULT_RULE }, { ablate, formatAblation }, { readDataset, DatasetError }] = await Promise.all([
        import('../../scoring/index.ts'), import('../../scoring/textmodel/train.ts'), import('../../scoring/textmodel/model.ts'),
        import('../../scoring/textmodel/features.ts'), import('../../scoring/textmodel/combine-rule.ts'), import('../../scoring/textmodel/ablation.ts'),
        import('../../scoring/eval/eval-datasets.ts'),
      ]);
      const held = new Set((opts.holdout ?? []).map((f) => path.resolve(f)));
      const sources = t.trainingSources(path.resolve(opts.root), path.resolve(opts.shared)).filter((s) => !held.has(path.resolve(s.file)));
      const rows = t.loadTrainingRows(sources);
      const data = t.encode(rows, DEFAULT_SPEC);
      const log = (s: string) => process.stderr.write(`${s}\n`);
      const counts: Record<string, { lures: number; others: number }> = {};
      for (const r of rows) (counts[r.set] ??= { lures: 0, others: 0 })[r.label ? 'lures' : 'others']++;
      log(`training rows: ${Object.entries(counts).map(([k, v]) => `${k} ${v.lures}+${v.others}`).join(', ')}`);
      const rules = loadScorer({ model: 'off' });

      if (opts.cv) {
        const p = t.crossValidate(rows, data, folds, DEFAULT_SPEC.buckets);
        process.stdout.write(`${formatAblation(`cross-validated by source, ${folds} folds (pack ${rules.packVersion}, threshold ${rules.threshold})`, ablate(rules, rows, p, DEFAULT_RULE))}\n\n`);
      }
      const all = rows.map((_, i) => i);
      const fitted = t.fit(data, all, DEFAULT_SPEC.buckets);
      for (const file of held) {
        let items;
        try { ({ items } = readDataset(file)); } catch (err) { throw err instanceof DatasetError ? new UsageError(err.message) : err; }
        const hrows = items.map((it) => ({ text: it.text, label: it.label, set: path.basename(file), group: file, guard: false, kind: it.kind, scope: it.scope }));
        const hdata = t.encode(hrows, DEFAULT_SPEC);
        const p = hdata.idx.map((f) => t.predict(fitted.weights, fitted.bias, f));
        process.stdout.write(`${formatAblation(`held out: ${path.relative('.', file)} (pack ${rules.packVersion}, threshold ${rules.threshold})`, ablate(rules, hrows, p, DEFAULT_RULE))}\n\n`);
      }
      if (!opts.write) return;
      const out = opts.out ?? path.join(defaultPatternDir, MODEL_FILE);
      const file = serializeModel(DEFAULT_SPEC, fitted.weights, fitted.bias, { enabled: Boolean(opts.combine), ...DEFAULT_RULE }, { rows: counts, heldOut: [...held].map((f) => path.basename(f)) });
      writeFileSync(out, `${JSON.stringify(file)}\n`);
      log(`wrote ${out}: model ${file.version}, combination ${opts.combine ? 'on' : 'off'}`);
    });
}
