import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/users.ts';
import { openDatabase } from '../../src/db/client.ts';
import { redisSessions } from '../../src/web/sessions.ts';
import { runCli } from '../helpers/cli.ts';
import { deletePrefix, redisUrl, uniquePrefix } from '../helpers/redis.ts';

// `recruitwatch user list|disable|enable|passwd|token add|token revoke` run as processes on an
// embedded database, the way an admin would on the machine.
describe('recruitwatch user', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-user-cli-'));
  const prefix = uniquePrefix();
  const env = { DATA_DIR: dataDir, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', DATABASE_URL: '' };
  const redis = new Redis(redisUrl);
  const list = async () => (await runCli(['user', 'list', '--json'], env)).stdout.trim().split('\n').map((l) => JSON.parse(l));

  beforeAll(async () => {
    const add = await runCli(['user', 'add', 'alice', '--role', 'reviewer', '--password-stdin'], env, 'alice first password\n');
    expect(add.code, add.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await deletePrefix(prefix);
    redis.disconnect();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists, adds and revokes tokens, changes the password and disables and enables, ending sessions', async () => {
    expect(await list()).toEqual([expect.objectContaining({ name: 'alice', role: 'reviewer', state: 'active', password: true, tokens: 1 })]);
    const added = await runCli(['user', 'token', 'add', 'alice', '--label', 'script'], env);
    expect(added.stdout.trim().split('\n').at(-1)).toMatch(/^rw_/);
    expect((await list())[0].tokens).toBe(2);
    const revoked = await runCli(['user', 'token', 'revoke', 'alice'], env);
    expect(revoked.stdout).toContain('revoked 2 tokens of alice');
    expect((await list())[0].tokens).toBe(0);

    const short = await runCli(['user', 'passwd', 'alice', '--password-stdin'], env, 'short\n');
    expect(short.code).not.toBe(0);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const sessions = redisSessions(redis, prefix);
    // a browser session of alice's, which the password change must end
    const database = await openDatabase({ dataDir });
    const alice = await verifyPassword(database.db, 'alice', 'alice first password');
    await database.close();
    expect(alice).not.toBeNull();
    const session = await sessions.create(alice!.id);
    expect((await runCli(['user', 'passwd', 'alice', '--password-stdin'], env, 'alice second password\n')).code).toBe(0);
    expect(await sessions.find(session)).toBeNull();

    const again = await sessions.create(alice!.id);
    expect((await runCli(['user', 'disable', 'alice'], env)).stdout).toContain('alice is disabled');
    expect(await sessions.find(again)).toBeNull();
    expect((await list())[0].state).toBe('disabled');
    const check = await openDatabase({ dataDir });
    expect(await verifyPassword(check.db, 'alice', 'alice second password')).toBeNull(); // disabled: no sign-in
    await check.close();

    expect((await runCli(['user', 'enable', 'alice'], env)).code).toBe(0);
    const after = await openDatabase({ dataDir });
    expect(await verifyPassword(after.db, 'alice', 'alice first password')).toBeNull();
    expect(await verifyPassword(after.db, 'alice', 'alice second password')).not.toBeNull();
    await after.close();

    const nobody = await runCli(['user', 'disable', 'nobody'], env);
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr).toContain('no user named "nobody"');
  }, 300_000); // a dozen processes, each opening and migrating the embedded database
});
