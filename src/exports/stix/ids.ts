import { createHash } from 'node:crypto';

/** RFC 4122 name-based UUID, version 5 (SHA-1): the same namespace and name always give the same id. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID namespace: ${namespace}`);
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** STIX 2.1 §2.9: the namespace of the deterministic ids of Cyber-observable Objects. */
export const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** recruitwatch's own namespace for the ids of the domain objects it exports (a fixed random UUID). */
export const RECRUITWATCH_NAMESPACE = '6a3f0d52-8c1e-4f7b-9b2d-5e4c71a90f13';

/**
 * An SCO's id as STIX 2.1 §2.9 defines it: UUIDv5 in the SCO namespace over the canonical JSON
 * (RFC 8785: keys sorted, no spaces) of its id-contributing properties, so another producer that
 * saw the same URL or e-mail address names it with the same id. 
 */
export function scoId(type: string, contributing: Record<string, string | Record<string, string>>): string {
  return `${type}--${uuidV5(canonicalJson(contributing), SCO_NAMESPACE)}`;
}

/** RFC 8785 canonical JSON of strings and objects of strings (all an SCO id here is made of). */
function canonicalJson(value: string | Record<string, string | Record<string, string>>): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

/** A domain or relationship object's id, stable across exports: the same campaign or indicator keeps its id. */
export const sdoId = (type: string, ...name: string[]): string => `${type}--${uuidV5([type, ...name].join('\u0000'), RECRUITWATCH_NAMESPACE)}`;

/** STIX timestamps are RFC 3339 in UTC with a Z; millisecond precision, as Date gives. */
export const stixTime = (d: Date): string => d.toISOString();
