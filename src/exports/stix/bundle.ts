import type { DbOrTx } from '../../db/client.ts';
import { confirmedItemBatches, type ConfirmedItem, type ExportFilter } from '../confirmed-items.ts';
import { sdoId, stixTime } from './ids.ts';
import { extensionDefinitions, STIX_INDICATOR_TYPES, toStix } from './observables.ts';
import { tlpMarking, type TlpLevel } from './tlp.ts';
import { validateObject } from './validate.ts';

export interface StixCampaign {
  /** the campaign's canonical id: its first-ingested member item */
  id: string;
  channels: Array<{ channel: string; items: number }>;
}

export interface StixExportPlan {
  filter: ExportFilter;
  campaign?: StixCampaign;
  tlp: TlpLevel;
  /** the producer's name in the identity object, e.g. "recruitwatch at https://rw.example.org" */
  producer: string;
  /** the first and last confirmation the export covers: created/modified of the campaign and report, so a re-export is identical */
  span: { first: Date; last: Date };
}

export interface StixCounts { items: number; indicators: number; objects: number }

export class InvalidStixError extends Error {}

const TYPE_LABEL: Record<string, string> = { phone: 'Phone number', whatsapp: 'WhatsApp contact', telegram: 'Telegram contact', email: 'E-mail address', url: 'Link', crypto: 'Cryptocurrency wallet', image: 'Flyer image' };
const EXPORTABLE = new Set<string>(STIX_INDICATOR_TYPES);
// the definitions of recruitwatch's own observable types never change: a fixed creation time keeps their ids' versions stable
const EXTENSIONS_CREATED = '2026-12-07T00:00:00.000Z';
const IDENTITY_CREATED = '2026-01-01T00:00:00.000Z';

const itemTime = (item: ConfirmedItem) => item.postedAt ?? item.ingestedAt;
const httpUrl = (s: string | null) => (s && /^https?:\/\/[^\s]+$/i.test(s) ? s : undefined);

/**
 * The STIX 2.1 objects of an export, one at a time, validated as they go (an invalid object stops
 * the export: a partner must never get a bundle their tools reject). Items are read in keyset
 * batches; what is kept across batches is the set of indicator ids already written and the ids the
 * report lists, not the items.
 *
 * Order: the TLP marking, the producer identity, the two extension definitions, then per item its
 * new observables, indicators (with an `indicates` relationship to the campaign) and observed-data,
 * then the campaign and the report, which need the whole walk (first/last seen, object_refs).
 */
export async function* stixObjects(db: DbOrTx, plan: StixExportPlan, counts: StixCounts): AsyncGenerator<Record<string, unknown>> {
  const marking = tlpMarking(plan.tlp);
  const markings = [marking.id];
  const identityId = sdoId('identity', plan.producer);
  const campaignId = plan.campaign ? sdoId('campaign', plan.campaign.id) : undefined;
  const refs: string[] = [];
  const seen = new Set<string>();
  let firstSeen: Date | undefined;
  let lastSeen: Date | undefined;

  const emit = (obj: Record<string, unknown>, listed = true) => {
    const problems = validateObject(obj);
    if (problems.length) throw new InvalidStixError(`the STIX export made an invalid object: ${problems.join('; ')}`);
    if (listed) refs.push(obj.id as string);
    counts.objects++;
    return obj;
  };

  yield emit(marking, false);
  yield emit({
    type: 'identity', spec_version: '2.1', id: identityId, created: IDENTITY_CREATED, modified: IDENTITY_CREATED,
    name: plan.producer, identity_class: 'system', description: 'recruitwatch: recruitment-scam posts and flyers confirmed by trust-and-safety reviewers', object_marking_refs: markings,
  }, false);
  for (const def of extensionDefinitions(identityId, EXTENSIONS_CREATED)) yield emit({ ...def, object_marking_refs: markings }, false);

  for await (const batch of confirmedItemBatches(db, plan.filter)) {
    for (const item of batch) {
      counts.items++;
      const at = itemTime(item);
      if (!firstSeen || at < firstSeen) firstSeen = at;
      if (!lastSeen || at > lastSeen) lastSeen = at;
      const observed: string[] = [];
      for (const ind of item.indicators) {
        if (!EXPORTABLE.has(ind.type)) continue;
        const stix = toStix(ind.type, ind.value, ind.detail);
        if (!stix) continue;
        observed.push(stix.sco.id);
        if (seen.has(stix.sco.id)) continue;
        seen.add(stix.sco.id);
        counts.indicators++;
        yield emit({ ...stix.sco, object_marking_refs: markings });
        const created = stixTime(ind.firstSeenAt);
        const indicatorId = sdoId('indicator', ind.type, ind.value);
        yield emit({
          type: 'indicator', spec_version: '2.1', id: indicatorId, created_by_ref: identityId, created, modified: created,
          name: `${TYPE_LABEL[ind.type]} ${ind.value}`,
          description: `${TYPE_LABEL[ind.type]} in recruitment-scam material that trust-and-safety reviewers confirmed.`,
          indicator_types: ['malicious-activity'], pattern: stix.pattern, pattern_type: 'stix', pattern_version: '2.1', valid_from: created,
          labels: [`recruitwatch-${ind.type}`], object_marking_refs: markings,
        });
        if (campaignId) {
          yield emit({
            type: 'relationship', spec_version: '2.1', id: sdoId('relationship', 'indicates', indicatorId, campaignId), created_by_ref: identityId, created, modified: created,
            relationship_type: 'indicates', source_ref: indicatorId, target_ref: campaignId, object_marking_refs: markings,
          });
        }
      }
      if (observed.length === 0) continue; // no contact, link or image: nothing a partner's tools could match
      const when = stixTime(at);
      const decided = stixTime(item.confirmedAt ?? item.ingestedAt);
      const link = httpUrl(item.url);
      yield emit({
        type: 'observed-data', spec_version: '2.1', id: sdoId('observed-data', item.id), created_by_ref: identityId, created: decided, modified: decided,
        first_observed: when, last_observed: when, number_observed: 1, object_refs: [...new Set(observed)],
        external_references: [{ source_name: 'recruitwatch', external_id: item.id, description: `${item.source}${item.channel ? ` ${item.channel}` : ''} post ${item.externalId}`, ...(link && { url: link }) }],
        object_marking_refs: markings,
      });
    }
  }

  const created = stixTime(plan.span.first);
  const modified = stixTime(plan.span.last);
  if (plan.campaign && campaignId) {
    const channels = plan.campaign.channels.slice(0, 10).map((c) => c.channel);
    yield emit({
      type: 'campaign', spec_version: '2.1', id: campaignId, created_by_ref: identityId, created, modified,
      name: `recruitwatch campaign ${plan.campaign.id}`,
      description: `Recruitment-scam posts linked by shared contacts (phones, handles, links, wallets) or near-identical flyers${channels.length ? `, seen in ${channels.join(', ')}` : ''}.`,
      ...(firstSeen && { first_seen: stixTime(firstSeen) }), ...(lastSeen && { last_seen: stixTime(lastSeen) }),
      objective: 'recruit people under false pretences', object_marking_refs: markings,
    });
  }
  if (refs.length === 0) refs.push(identityId); // confirmed items with no shareable contact: the report still names its producer
  yield emit({
    type: 'report', spec_version: '2.1', id: sdoId('report', plan.campaign ? `campaign:${plan.campaign.id}` : 'confirmed', plan.filter.from?.toISOString() ?? '', plan.filter.to?.toISOString() ?? ''),
    created_by_ref: identityId, created, modified,
    name: plan.campaign ? `recruitwatch campaign ${plan.campaign.id}: indicators` : 'recruitwatch: indicators of confirmed recruitment-scam items',
    description: `${counts.items} confirmed item(s) and ${counts.indicators} indicator(s), exported under TLP:${plan.tlp.toUpperCase()}.`,
    report_types: plan.campaign ? ['campaign', 'indicator', 'observed-data'] : ['indicator', 'observed-data'],
    published: modified, object_refs: refs, object_marking_refs: markings,
  }, false);
}

/** The bundle as JSON text in pieces, one object per piece: written as it is made, never held whole. */
export async function* stixBundleChunks(db: DbOrTx, plan: StixExportPlan, counts: StixCounts): AsyncGenerator<string> {
  const bundleId = sdoId('bundle', plan.campaign?.id ?? 'confirmed', plan.tlp, plan.filter.from?.toISOString() ?? '', plan.filter.to?.toISOString() ?? '', plan.span.last.toISOString());
  yield `{"type":"bundle","id":${JSON.stringify(bundleId)},"objects":[\n`;
  let first = true;
  for await (const obj of stixObjects(db, plan, counts)) {
    yield `${first ? '' : ',\n'}${JSON.stringify(obj)}`;
    first = false;
  }
  yield '\n]}\n';
}
