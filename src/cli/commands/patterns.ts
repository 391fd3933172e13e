import type { Command } from 'commander';

export function registerPatterns(program: Command): void {
  const group = program.command('patterns').description('The pattern pack: validate it and its examples');
  group
    .command('validate')
    .description('Load a pack, compile every pattern and run its examples; print each failure as file:line')
    .argument('[dir]', 'pattern pack directory (default: the shipped pack, src/scoring/patterns)')
    .action(async (dirArg: string | undefined) => {
      const { defaultPatternDir, loadScorer, PackError } = await import('../../scoring/index.ts');
      const dir = dirArg ?? defaultPatternDir;
      try {
        const scorer = loadScorer({ dir });
        process.stdout.write(`ok: pack ${scorer.packVersion} (${dir})\n`);
      } catch (err) {
        if (!(err instanceof PackError)) throw err;
        for (const i of err.issues) process.stdout.write(`${i.file}:${i.line}: ${i.reason}\n`);
        process.stderr.write(`recruitwatch: ${err.issues.length} problem(s) in the pack\n`);
        process.exitCode = 1;
      }
    });
}
