import type { Command } from 'commander';

// One file per command group; each adds its subcommands to the program.
const registrations: Array<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
