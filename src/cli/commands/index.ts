import type { Command } from 'commander';
import { registerMigrate } from './migrate.ts';
import { registerServe } from './serve.ts';
import { registerUser } from './user.ts';
import { registerOcr } from './ocr.ts';
import { registerChannels } from './channels.ts';
import { registerChannelWatch } from './channels-watch.ts';
import { registerScore } from './score.ts';
import { registerEval } from './eval.ts';
import { registerPatterns } from './patterns.ts';
import { registerScan } from './scan.ts';
import { registerTrain } from './train.ts';
import { registerMaintenance } from './maintenance.ts';
import { registerBacktest } from './backtest.ts';
import { registerExport } from './export.ts';

// One file per command group; each adds its subcommands to the program.
const registrations: Array<(program: Command) => void> = [
  registerServe,
  registerMigrate,
  registerUser,
  registerOcr,
  registerChannels,
  registerChannelWatch,
  registerScore,
  registerEval,
  registerPatterns,
  registerScan,
  registerMaintenance,
  registerTrain,
  registerBacktest,
  registerExport,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
