import type { DbOrTx } from '../db/client.ts';
import { findCampaign } from '../repos/campaigns.repo.ts';
import { logExport, type ExportActor, type ExportAuditData } from './audit.ts';
import { confirmationSpan, type ExportFilter } from './confirmed-items.ts';
import { csvChunks, jsonChunks, type ExportCounts } from './formats.ts';
import { stixBundleChunks, type StixCounts } from './stix/bundle.ts';
import type { TlpLevel } from './stix/tlp.ts';

export const EXPORT_FORMATS = ['csv', 'json', 'stix'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest {
  format: ExportFormat;
  /** any member item id of the campaign */
  campaign?: string;
  /** the TLP the receiver must honour: a marking on every STIX object, a field of the JSON export, the audit log's record */
  tlp: TlpLevel;
  from?: Date;
  to?: Date;
  actor: ExportActor;
  /** names the producer identity of a STIX bundle */
  producer: string;
}

/** What an export logs with: pino's logger, a request's or a process's. */
type ExportLog = { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };

export class UnknownCampaignError extends Error {}
export class NothingToExportError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PreparedExport {
  contentType: string;
  filename: string;
  /** the export's text in pieces; when it ends (or fails, or its reader goes away) the export is written to audit_log */
  chunks(): AsyncGenerator<string>;
  counts: ExportCounts;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  stix: 'application/stix+json;version=2.1', // the media type TAXII 2.1 gives STIX 2.1 content
};

/**
 * Checks an export request and resolves its campaign (so an unknown campaign is refused before a
 * byte is sent); the export itself runs when chunks() is read, from the database in keyset batches.
 */
export async function prepareExport(db: DbOrTx, req: ExportRequest, log?: ExportLog): Promise<PreparedExport> {
  const filter: ExportFilter = { from: req.from, to: req.to };
  let campaign: Awaited<ReturnType<typeof findCampaign>>;
  if (req.campaign !== undefined) {
    if (!UUID.test(req.campaign)) throw new UnknownCampaignError(`${req.campaign} is not a campaign: name one by any of its items' ids (a UUID)`);
    campaign = await findCampaign(db, req.campaign);
    if (!campaign) throw new UnknownCampaignError(`no campaign ${req.campaign}: there is no item with this id`);
    filter.itemIds = campaign.itemIds;
  }
  const span = await confirmationSpan(db, filter);
  if (req.format === 'stix' && (span.count === 0 || !span.first || !span.last)) {
    throw new NothingToExportError(campaign ? `campaign ${campaign.id} has no confirmed item: nothing to share as STIX` : 'no confirmed item matches: nothing to share as STIX');
  }
  const counts: ExportCounts & StixCounts = { items: 0, indicators: 0, objects: 0 };
  const day = new Date().toISOString().slice(0, 10);
  const base = campaign ? `recruitwatch-campaign-${campaign.id.slice(0, 8)}-${day}` : `recruitwatch-confirmed-${day}`;
  const target = campaign ? `campaign:${campaign.id}` : 'confirmed';
  const header = {
    format: 'recruitwatch-confirmed-items', version: 1, exportedAt: new Date().toISOString(), tlp: `TLP:${req.tlp.toUpperCase()}`,
    campaign: campaign?.id ?? null, campaignTruncated: campaign?.truncated ?? false, from: req.from?.toISOString() ?? null, to: req.to?.toISOString() ?? null,
  };
  const source = () => {
    if (req.format === 'csv') return csvChunks(db, filter, counts);
    if (req.format === 'json') return jsonChunks(db, filter, header, counts);
    return stixBundleChunks(db, { filter, tlp: req.tlp, producer: req.producer, span: { first: span.first!, last: span.last! }, ...(campaign && { campaign: { id: campaign.id, channels: campaign.channels } }) }, counts);
  };
  return {
    contentType: CONTENT_TYPES[req.format],
    filename: `${base}.${req.format === 'stix' ? 'stix.json' : req.format}`,
    counts,
    async *chunks() {
      let outcome: ExportAuditData['outcome'] = 'aborted';
      let error: string | undefined;
      try {
        yield* source();
        outcome = 'done';
      } catch (err) {
        outcome = 'failed';
        error = err instanceof Error ? err.message : String(err);
        log?.error({ err, format: req.format, target }, 'export failed');
        throw err;
      } finally {
        // every export is logged, a failed or abandoned one too: what left the building matters
        await logExport(db, req.actor, target, {
          format: req.format, campaign: campaign?.id ?? null, tlp: req.tlp, from: header.from, to: header.to,
          items: counts.items, indicators: counts.indicators, outcome, ...(error && { error }),
        });
        if (outcome === 'aborted') log?.warn({ format: req.format, target, items: counts.items }, 'export abandoned by its reader');
      }
    },
  };
}
