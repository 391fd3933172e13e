import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NothingToExportError, prepareExport, UnknownCampaignError, type ExportFormat } from '../../exports/run-export.ts';
import { TLP_LEVELS } from '../../exports/stix/tlp.ts';
import { requirePermission } from '../auth.ts';
import type { ApiDeps } from '../server.ts';

// An empty field is a filter left out: the /admin/exports form sends its empty inputs.
const blank = z.literal('').transform(() => undefined);
// A day (2026-01-31, from its start in UTC) or an instant with its offset.
const When = z.union([blank, z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((s) => new Date(s))]);
/** The filters of every export route (also checked by the /admin/exports form before it sends the browser here). */
export const ExportQuery = z.strictObject({
  campaign: z.union([blank, z.string().uuid('campaign: name a campaign by any of its items\' ids (a UUID)')]).optional(),
  tlp: z.enum(TLP_LEVELS).default('amber'),
  from: When.optional(),
  to: When.optional(),
}).refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });

const RESPONSES = { 200: 'the export, streamed', 400: 'a bad filter', 401: 'not signed in', 403: 'not an admin', 404: 'no such campaign, or (STIX) no confirmed item to share' };

/** Exports for partners: confirmed items as CSV or JSON, and a STIX 2.1 bundle; admins only, every one in audit_log. */
export const exportRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const producer = `recruitwatch at ${new URL(deps.config.PUBLIC_URL).origin}`;
  const send = async (format: ExportFormat, req: FastifyRequest, reply: FastifyReply) => {
    const q = ExportQuery.parse(req.query);
    let prepared;
    try {
      prepared = await prepareExport(deps.db, { format, campaign: q.campaign, tlp: q.tlp, from: q.from, to: q.to, actor: { userId: req.user!.id }, producer }, req.log);
    } catch (err) {
      if (err instanceof UnknownCampaignError || err instanceof NothingToExportError) return reply.code(404).send({ error: 'Not Found', message: err.message });
      throw err;
    }
    return reply
      .header('content-type', prepared.contentType)
      .header('content-disposition', `attachment; filename="${prepared.filename}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(Readable.from(prepared.chunks()));
  };
  const docs = (summary: string, description: string) => ({ preHandler: requirePermission('admin'), config: { docs: { summary, description, querystring: ExportQuery, responses: RESPONSES } } });
  const filters = 'Filters: campaign (any member item id), from/to (confirmation time, from inclusive, to exclusive). Streamed from the database in batches; logged in the audit log with its counts.';

  app.get('/exports/confirmed.csv', docs('Confirmed items and their indicators as CSV', `RFC 4180, one row per item, indicators joined per kind; cells starting with = + - @ tab or CR get a leading apostrophe (no formula runs when opened in a spreadsheet). ${filters}`), (req, reply) => send('csv', req, reply));
  app.get('/exports/confirmed.json', docs('Confirmed items and their indicators as JSON', `{export, items, counts}. ${filters}`), (req, reply) => send('json', req, reply));
  app.get('/exports/stix', docs('A STIX 2.1 bundle of a campaign (or all confirmed items) with a TLP 2.0 marking', `Indicators with STIX patterns, observed-data, a campaign and a report, an identity and the TLP marking (tlp, default amber) on every object; validated against the STIX 2.1 schemas as it is written. ${filters}`), (req, reply) => send('stix', req, reply));
};
