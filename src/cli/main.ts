import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { UsageError } from './usage-error.ts';
import { registerCommands } from './commands/index.ts';

/** Runs the recruitwatch command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('recruitwatch')
    .description('Catch recruitment-scam posts and flyers and queue them for trust-and-safety review')
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
