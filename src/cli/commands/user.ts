import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { ROLES, type Role } from '../../auth/roles.ts';
import type { Db } from '../../db/client.ts';
import { UsageError } from '../usage-error.ts';
import { readStdin } from '../stdin.ts';

const NAME = /^[\w.@-]{1,64}$/;
const MIN_PASSWORD = 12;

// Every subcommand opens the database, migrates it, does one thing and closes it.
async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openDatabase } = await import('../../db/client.ts');
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await database.migrate();
    return await work(database.db);
  } finally {
    await database.close();
  }
}

// Sessions live in Redis: disabling a user or changing their password also ends their browser sessions there.
async function endSessions(userId: string): Promise<void> {
  const config = loadConfig();
  const { Redis } = await import('ioredis');
  const { redisSessions } = await import('../../web/sessions.ts');
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => (lastError = err)); // reported below, with the failed command
  try {
    await redis.connect();
    await redisSessions(redis, config.QUEUE_PREFIX).destroyAllOf(userId);
  } catch (err) {
    process.stderr.write(`warning: could not end the browser sessions in Redis (${(err as Error).message}${lastError && lastError !== err ? `; ${lastError.message}` : ''}); they are refused anyway while the user is disabled\n`);
  } finally {
    redis.disconnect();
  }
}

const checkName = (name: string) => {
  if (!NAME.test(name)) throw new UsageError('name: 1-64 letters, digits, _ . @ or -');
};
async function passwordFromStdin(): Promise<string> {
  const password = (await readStdin()).replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD) throw new UsageError(`the password must have at least ${MIN_PASSWORD} characters`);
  return password;
}

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
      checkName(name);
      const password = opts.passwordStdin ? await passwordFromStdin() : undefined;
      await withDb(async (db) => {
        const { addUser } = await import('../../auth/users.ts');
        const created = await addUser(db, { name, role: opts.role as Role, password });
        process.stdout.write(`created ${created.user.role} ${created.user.name} (${created.user.id}); API token (shown once):\n`);
        process.stdout.write(`${created.token}\n`);
      });
    });

  user
    .command('list')
    .description('every user: name, role, state, password set, live API tokens')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean }) => {
      await withDb(async (db) => {
        const { listUsers } = await import('../../repos/users.repo.ts');
        const rows = await listUsers(db);
        for (const u of rows) {
          const state = u.disabledAt ? 'disabled' : 'active';
          process.stdout.write(opts.json
            ? `${JSON.stringify({ name: u.name, role: u.role, state, password: u.hasPassword, tokens: u.activeTokens, createdAt: u.createdAt })}\n`
            : `${u.name.padEnd(20)} ${u.role.padEnd(10)} ${state.padEnd(9)} password:${u.hasPassword ? 'yes' : 'no '} tokens:${u.activeTokens}\n`);
        }
      });
    });

  for (const [command, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(command)
      .description(disabled ? 'disable a user: their API tokens and browser sessions stop working' : 'enable a disabled user again')
      .argument('<name>', 'user name')
      .action(async (name: string) => {
        checkName(name);
        const row = await withDb(async (db) => {
          const { setUserDisabled } = await import('../../repos/users.repo.ts');
          return setUserDisabled(db, name, disabled);
        });
        if (!row) throw new UsageError(`no user named "${name}"`);
        if (disabled) await endSessions(row.id);
        process.stdout.write(`${name} is ${disabled ? 'disabled' : 'enabled'}\n`);
      });
  }

  user
    .command('passwd')
    .description('set a user\'s web sign-in password (read from standard input); ends their browser sessions')
    .argument('<name>', 'user name')
    .option('--password-stdin', 'read the password from standard input (the only way: never on the command line)')
    .action(async (name: string) => {
      checkName(name);
      const password = await passwordFromStdin();
      const row = await withDb(async (db) => {
        const { hashPassword } = await import('../../auth/users.ts');
        const { setPasswordHash } = await import('../../repos/users.repo.ts');
        return setPasswordHash(db, name, await hashPassword(password));
      });
      if (!row) throw new UsageError(`no user named "${name}"`);
      await endSessions(row.id);
      process.stdout.write(`password of ${name} changed\n`);
    });

  const token = user.command('token').description('API tokens');
  token
    .command('revoke')
    .description('revoke every live API token of a user')
    .argument('<name>', 'user name')
    .action(async (name: string) => {
      checkName(name);
      const n = await withDb(async (db) => {
        const { findUserByName, revokeTokens } = await import('../../repos/users.repo.ts');
        const found = await findUserByName(db, name);
        if (!found) throw new UsageError(`no user named "${name}"`);
        return revokeTokens(db, found.id);
      });
      process.stdout.write(`revoked ${n} token${n === 1 ? '' : 's'} of ${name}\n`);
    });
  token
    .command('add')
    .description('give a user a new API token; prints it as the last line')
    .argument('<name>', 'user name')
    .option('--label <label>', 'what the token is for')
    .action(async (name: string, opts: { label?: string }) => {
      checkName(name);
      const created = await withDb(async (db) => {
        const { findUserByName, insertToken } = await import('../../repos/users.repo.ts');
        const { generateToken, hashToken } = await import('../../auth/tokens.ts');
        const found = await findUserByName(db, name);
        if (!found) throw new UsageError(`no user named "${name}"`);
        const value = generateToken();
        await insertToken(db, found.id, hashToken(value), opts.label?.slice(0, 200) ?? null);
        return value;
      });
      process.stdout.write(`new API token of ${name} (shown once):\n${created}\n`);
    });
}
