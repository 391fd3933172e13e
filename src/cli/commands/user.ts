import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { ROLES, type Role } from '../../auth/roles.ts';
import { UsageError } from '../usage-error.ts';
import { readStdin } from '../stdin.ts';

export function registerUser(program: Command): void {
  const user = program.command('user').description('manage users and their API tokens');
  user
    .command('add')
    .description('create a user; prints a new API token as the last line')
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', ROLES.join('|'))
    .option('--password-stdin', 'read a password for the web page sign-in from standard input')
    .action(async (name: string, opts: { role: string; passwordStdin?: boolean }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      if (!/^[\w.@-]{1,64}$/.test(name)) throw new UsageError('name: 1-64 letters, digits, _ . @ or -');
      const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
      if (opts.passwordStdin && (!password || password.length < 12)) throw new UsageError('the password must have at least 12 characters');
      const config = loadConfig();
      const { openDatabase } = await import('../../db/client.ts');
      const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      try {
        await database.migrate();
        const { addUser } = await import('../../auth/users.ts');
        const created = await addUser(database.db, { name, role: opts.role as Role, password });
        process.stdout.write(`created ${created.user.role} ${created.user.name} (${created.user.id}); API token (shown once):\n`);
        process.stdout.write(`${created.token}\n`);
      } finally {
        await database.close();
      }
    });
}
