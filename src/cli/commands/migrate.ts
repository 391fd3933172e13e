import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the database migrations (also done at every start)')
    .action(async () => {
      const config = loadConfig();
      const { openDatabase } = await import('../../db/client.ts');
      const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      try {
        await database.migrate();
        process.stdout.write(`migrations applied (${database.kind})\n`);
      } finally {
        await database.close();
      }
    });
}
