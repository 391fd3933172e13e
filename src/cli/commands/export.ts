import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { UsageError } from '../usage-error.ts';

const FORMATS = ['csv', 'json', 'stix'] as const;
const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function when(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (!DAY_OR_INSTANT.test(value) || Number.isNaN(d.getTime())) throw new UsageError(`--${name} ${value}: give a day (2026-01-31) or an instant with its offset (2026-01-31T12:00:00Z)`);
  return d;
}

interface ExportOptions { format?: string; campaign?: string; tlp: string; from?: string; to?: string }

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Write confirmed items and their indicators to stdout as CSV, JSON or a STIX 2.1 bundle (logged in the audit log)')
    .option('--format <format>', `csv, json or stix`)
    .option('--campaign <id>', 'only this campaign: any of its items\' ids')
    .option('--tlp <level>', `the TLP 2.0 marking: ${TLPS.join(', ')}`, 'amber')
    .option('--from <date>', 'only items confirmed from this day or instant (inclusive)')
    .option('--to <date>', 'only items confirmed before this day or instant')
    .addHelpText('after', '\nExamples:\n  recruitwatch export --format stix --campaign 3f2a...-... --tlp amber > campaign.stix.json\n  recruitwatch export --format csv --from 2026-11-01 > confirmed.csv')
    .action(async (opts: ExportOptions) => {
      // every mistake in the call is found before the database is opened
      if (!opts.format) throw new UsageError(`export: --format is required (${FORMATS.join(', ')})`);
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`export: --format ${opts.format}: use ${FORMATS.join(', ')}`);
      if (!(TLPS as readonly string[]).includes(opts.tlp)) throw new UsageError(`export: --tlp ${opts.tlp}: use ${TLPS.join(', ')}`);
      if (opts.campaign !== undefined && !UUID.test(opts.campaign)) throw new UsageError(`export: --campaign ${opts.campaign}: name a campaign by any of its items' ids (a UUID)`);
      const from = when('from', opts.from);
      const to = when('to', opts.to);
      if (from && to && from >= to) throw new UsageError('export: --from must be before --to');

      const config = loadConfig();
      const [{ openDatabase }, { prepareExport, UnknownCampaignError }] = await Promise.all([import('../../db/client.ts'), import('../../exports/run-export.ts')]);
      const { loggerFor } = await import('../../logger.ts');
      const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      try {
        await database.migrate();
        let prepared;
        try {
          prepared = await prepareExport(database.db, {
            format: opts.format as (typeof FORMATS)[number], campaign: opts.campaign, tlp: opts.tlp as (typeof TLPS)[number], from, to,
            actor: { via: 'cli', osUser: os.userInfo().username }, producer: `recruitwatch at ${new URL(config.PUBLIC_URL).origin}`,
          }, loggerFor(config));
        } catch (err) {
          if (err instanceof UnknownCampaignError) throw new UsageError(`export: ${err.message}`);
          throw err;
        }
        await pipeline(Readable.from(prepared.chunks()), process.stdout, { end: false });
        process.stderr.write(`exported ${prepared.counts.items} confirmed item(s) and ${prepared.counts.indicators} indicator(s) as ${opts.format}; logged in the audit log\n`);
      } finally {
        await database.close();
      }
    });
}
