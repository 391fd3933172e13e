import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { auditLog } from '../../src/db/schema/index.ts';
import { indicatorsOfPattern } from '../../src/exports/stix/observables.ts';
import { validateBundle } from '../../src/exports/stix/validate.ts';
import { runCli } from '../helpers/cli.ts';
import { seedDecidedItems } from '../helpers/confirmed-seed.ts';
import { createPostgresDatabase, testDbKind } from '../helpers/database.ts';

// `recruitwatch export` run as a process on a database no service holds, as an admin would on the machine.
describe('recruitwatch export', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-export-cli-'));
  let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;
  let env: Record<string, string>;
  let ids: string[];
  const open = () => openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir });

  beforeAll(async () => {
    pg = testDbKind() === 'postgres' ? await createPostgresDatabase() : null;
    env = { DATA_DIR: dataDir, DATABASE_URL: pg?.url ?? '', LOG_LEVEL: 'silent' };
    const database = await open();
    await database.migrate();
    ids = await seedDecidedItems(database.db, [
      { externalId: '1', text: 'Drivers wanted, $20,000 bonus, WhatsApp +37455111222', indicators: [{ type: 'phone', value: '+37455111222' }, { type: 'whatsapp', value: '+37455111222' }, { type: 'money', value: '20000 USD' }] },
      { externalId: '2', text: '=cmd|"/c calc"!A1 same offer, +37455111222 or @hiring_desk_one', indicators: [{ type: 'phone', value: '+37455111222' }, { type: 'telegram', value: '@hiring_desk_one' }] },
      { externalId: '3', text: 'Guards wanted, write desk@jobs-abroad.com', indicators: [{ type: 'email', value: 'desk@jobs-abroad.com' }] },
      { externalId: '4', text: 'Not a scam after all, @hiring_desk_one', indicators: [{ type: 'telegram', value: '@hiring_desk_one' }, { type: 'crypto', value: 'TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW' }], status: 'dismissed' },
    ]);
    await database.close();
  }, 60_000);
  afterAll(async () => {
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes a campaign\'s STIX bundle to stdout: valid, its confirmed indicators, logged as the CLI with the OS user', async () => {
    const run = await runCli(['export', '--format', 'stix', '--campaign', ids[3]!, '--tlp', 'red'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/exported 2 confirmed item\(s\) and 3 indicator\(s\) as stix/);
    const bundle = JSON.parse(run.stdout);
    expect(validateBundle(bundle)).toEqual([]);
    const pairs = bundle.objects.filter((o: { type: string }) => o.type === 'indicator').flatMap((o: { pattern: string }) => indicatorsOfPattern(o.pattern).map((p) => `${p.type} ${p.value}`));
    expect(pairs.sort()).toEqual(['phone +37455111222', 'telegram @hiring_desk_one', 'whatsapp +37455111222']); // not the dismissed item's wallet
    expect(bundle.objects.find((o: { type: string }) => o.type === 'marking-definition').name).toBe('TLP:RED');

    const database = await open();
    try {
      const rows = await database.db.select().from(auditLog).where(eq(auditLog.action, 'export'));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorId: null, data: expect.objectContaining({ via: 'cli', osUser: os.userInfo().username, format: 'stix', tlp: 'red', items: 2, indicators: 3, outcome: 'done' }) });
    } finally {
      await database.close();
    }
  });

  it('writes CSV and JSON of every confirmed item', async () => {
    const csv = await runCli(['export', '--format', 'csv'], env);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.item_id).sort()).toEqual(ids.slice(0, 3).sort());
    expect(rows.find((r) => r.item_id === ids[1])!.text).toBe(`'=cmd|"/c calc"!A1 same offer, +37455111222 or @hiring_desk_one`);
    const json = await runCli(['export', '--format', 'json', '--campaign', ids[0]!], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).counts).toEqual({ items: 2, indicators: 4 });
  });

  it('refuses a bad call with exit 2 and a clear message on stderr, and nothing on stdout', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['export'], /--format is required/],
      [['export', '--format', 'xml'], /--format xml: use csv, json, stix/],
      [['export', '--format', 'stix', '--tlp', 'purple'], /--tlp purple/],
      [['export', '--format', 'stix', '--campaign', 'abc'], /--campaign abc: name a campaign/],
      [['export', '--format', 'csv', '--from', 'yesterday'], /--from yesterday/],
      [['export', '--format', 'stix', '--campaign', '00000000-0000-4000-8000-000000000000'], /no campaign 00000000-0000-4000-8000-000000000000/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, env);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
    }
    const nothing = await runCli(['export', '--format', 'stix', '--from', '2099-01-01'], env);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/no confirmed item matches/);
  });
});
