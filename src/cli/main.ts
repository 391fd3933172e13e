import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { UsageError } from './usage-error.ts';
import { registerCommands } from './commands/index.ts';

/** Runs the recruitwatch command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('recruitwatch')
    .description('Catch recruitment-scam posts and flyers and queue them for trust-and-safety review')
    .version(packageVersion(), '-V, --version', 'print the version of recruitwatch')
    .exitOverride()
    .showHelpAfterError();
  registerCommands(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`recruitwatch: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`recruitwatch: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
