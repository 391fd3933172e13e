import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ExportQuery } from '../api/routes/exports.ts';
import type { ApiDeps } from '../api/server.ts';
import { sessionGuard } from '../web/guard.ts';
import { headerBar } from '../web/header.ts';
import { esc, page, WEB_CSP } from '../web/html.ts';
import { redisSessions } from '../web/sessions.ts';
import { recentExports, type ExportLogRow } from './audit.ts';
import { EXPORT_FORMATS, NothingToExportError, prepareExport, UnknownCampaignError, type ExportFormat } from './run-export.ts';
import { TLP_LEVELS } from './stix/tlp.ts';

const PATHS: Record<string, string> = { csv: '/api/exports/confirmed.csv', json: '/api/exports/confirmed.json', stix: '/api/exports/stix' };
const Query = z.object({ before: z.coerce.number().int().positive().optional() });
const Download = z.object({ format: z.enum(EXPORT_FORMATS), campaign: z.string().optional(), tlp: z.string().optional(), from: z.string().optional(), to: z.string().optional() });
const PAGE = 50;

const when = (d: Date) => `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`;

/** The same export again, as a link: its format's address with the filters it had. */
function againLink(row: ExportLogRow): string {
  const d = row.data ?? {};
  const path = PATHS[String(d.format)];
  if (!path) return '';
  const q = new URLSearchParams();
  for (const key of ['campaign', 'tlp', 'from', 'to']) if (typeof d[key] === 'string') q.set(key, d[key] as string);
  return `<a href="${esc(`${path}${q.size ? `?${q}` : ''}`)}" download>Download again</a>`;
}

function exportsPage(v: Parameters<typeof headerBar>[0], rows: ExportLogRow[], before?: number, form?: { error: string; values: Record<string, string> }): string {
  const value = (name: string) => esc(form?.values[name] ?? '');
  const chosen = form?.values.tlp || 'amber';
  const tlps = TLP_LEVELS.map((t) => `<option value="${t}"${t === chosen ? ' selected' : ''}>TLP:${t.toUpperCase()}</option>`).join('');
  const list = rows.map((r) => {
    const d = r.data ?? {};
    const who = r.actor ?? (d.via === 'cli' ? `CLI${d.osUser ? ` (${String(d.osUser)})` : ''}` : '—');
    return `<tr data-export-row><td>${esc(when(r.createdAt))}</td><td>${esc(who)}</td><td>${esc(String(d.format ?? ''))}</td><td>${esc(r.target ?? '')}</td>
<td>${d.tlp ? `TLP:${esc(String(d.tlp).toUpperCase())}` : ''}</td><td>${esc(d.items ?? '')}</td><td>${esc(d.indicators ?? '')}</td>
<td class="${d.outcome === 'done' ? '' : 'error'}">${esc(String(d.outcome ?? ''))}${d.error ? `: ${esc(String(d.error))}` : ''}</td><td>${againLink(r)}</td></tr>`;
  });
  const older = rows.length === PAGE ? `<p><a href="/admin/exports?before=${rows.at(-1)!.id}">Older exports</a></p>` : '';
  return page('Exports', `${headerBar(v)}<main><h1>Exports</h1>
<p>Confirmed items and their indicators for partners: a spreadsheet (CSV), JSON, or a STIX 2.1 bundle (indicators, observed data, the campaign and a report) under the TLP you choose. Every export is logged below, with who asked for it.</p>
${form ? `<p class="error" role="alert">${esc(form.error)}</p>` : ''}
<form method="get" action="/admin/exports/download" aria-label="New export">
<label for="ex-campaign">Campaign (any of its items' ids; empty: every confirmed item)</label><input id="ex-campaign" name="campaign" maxlength="36" placeholder="item id" value="${value('campaign')}">
<label for="ex-tlp">TLP</label><select id="ex-tlp" name="tlp">${tlps}</select>
<label for="ex-from">Confirmed from (UTC day, inclusive)</label><input id="ex-from" name="from" type="date" value="${value('from')}">
<label for="ex-to">Confirmed before (UTC day)</label><input id="ex-to" name="to" type="date" value="${value('to')}">
<p><button type="submit" name="format" value="stix">Download STIX 2.1</button> <button type="submit" name="format" value="csv">Download CSV</button> <button type="submit" name="format" value="json">Download JSON</button></p>
</form>
<p class="muted">An empty field filters nothing. The same from a script: <code>GET ${PATHS.stix}?campaign=ID&amp;tlp=amber</code> with an admin's token, or <code>recruitwatch export --format stix --campaign ID --tlp amber</code> on the server.</p>
<h2>Recent exports${before ? ' (older)' : ''}</h2>
${rows.length ? `<table><thead><tr><th>When</th><th>Who</th><th>Format</th><th>What</th><th>TLP</th><th>Items</th><th>Indicators</th><th>Outcome</th><th></th></tr></thead><tbody>${list.join('\n')}</tbody></table>${older}` : '<p>No export yet.</p>'}
</main>`, v.csrf);
}

/** /admin/exports: start an export, see every past one (from audit_log) and download it again. */
export const exportsPageRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const guard = sessionGuard({ db: deps.db, publicUrl: deps.config.PUBLIC_URL }, redisSessions(deps.redis, deps.config.QUEUE_PREFIX));
  if (!app.hasRequestDecorator('viewer')) app.decorateRequest('viewer', null);
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', WEB_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin').header('x-frame-options', 'DENY');
    return payload;
  });
  app.get('/admin/exports', { preHandler: guard('admin'), config: { docs: { summary: 'Exports page (HTML): start a CSV, JSON or STIX export; recent exports from the audit log', access: 'session', querystring: Query } } }, async (req, reply) => {
    const q = Query.safeParse(req.query);
    const before = q.success ? q.data.before : undefined;
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(exportsPage(req.viewer!, await recentExports(deps.db, PAGE, before), before));
  });

  // The form's target: a mistake (a bad date, an unknown campaign, nothing to share) comes back on the page with the
  // fields as typed; a good request is sent on to the API's download, which does and logs the export.
  app.get('/admin/exports/download', { preHandler: guard('admin'), config: { docs: { summary: 'The exports form: checks the filters, then redirects to the API download (or shows what is wrong)', access: 'session', querystring: Download, responses: { 303: 'to /api/exports/...', 400: 'a bad filter', 404: 'no such campaign, or nothing to share' } } } }, async (req, reply) => {
    const raw = Object.fromEntries(Object.entries(req.query as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const show = async (status: number, error: string) =>
      reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(exportsPage(req.viewer!, await recentExports(deps.db, PAGE), undefined, { error, values: raw }));
    const form = Download.safeParse(raw);
    if (!form.success) return show(400, 'Choose CSV, JSON or STIX.');
    const { format, ...filters } = form.data;
    const q = ExportQuery.safeParse(filters);
    if (!q.success) return show(400, q.error.issues.map((i) => i.message).join('; '));
    try {
      // checks the campaign and (STIX) that there is something to share; the export itself runs at the API
      await prepareExport(deps.db, { format, campaign: q.data.campaign, tlp: q.data.tlp, from: q.data.from, to: q.data.to, actor: { userId: req.viewer!.user.id }, producer: 'check' });
    } catch (err) {
      if (err instanceof UnknownCampaignError || err instanceof NothingToExportError) return show(404, err.message);
      throw err;
    }
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    return reply.redirect(`${PATHS[format as ExportFormat]}${params.size ? `?${params}` : ''}`, 303);
  });
};
