import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parsePattern, PatternError } from './pattern.ts';

/**
 * Validates what the STIX export writes: each object against the JSON schema of its type (the
 * STIX 2.1 schemas for the types recruitwatch emits, in ../stix-schemas), with ajv; each indicator's
 * pattern with the pattern grammar (pattern.ts); and, for a whole bundle, that ids are unique and
 * every reference names an object in the bundle.
 */
const SCHEMA_DIR = new URL('../stix-schemas/', import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let compiled: { bundle: ValidateFunction; byType: Map<string, ValidateFunction> } | undefined;

function schemas() {
  if (compiled) return compiled;
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }));
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'));
  const loaded = files.map((f) => JSON.parse(readFileSync(new URL(f, SCHEMA_DIR), 'utf8')) as { $id: string; title: string });
  for (const schema of loaded) ajv.addSchema(schema);
  const byType = new Map<string, ValidateFunction>();
  for (const schema of loaded) if (schema.title !== 'bundle' && !schema.$id.endsWith('/common.json')) byType.set(schema.title, ajv.getSchema(schema.$id)!);
  compiled = { bundle: ajv.getSchema(loaded.find((s) => s.title === 'bundle')!.$id)!, byType };
  return compiled;
}

/** The object types recruitwatch has schemas for (and so may emit). */
export const knownTypes = (): string[] => [...schemas().byType.keys()];

type StixObject = Record<string, unknown> & { type?: unknown; id?: unknown };

const errorsOf = (fn: ValidateFunction, where: string) =>
  (fn.errors ?? []).map((e) => `${where}${e.instancePath || ''}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}${e.params && 'unevaluatedProperty' in e.params ? ` (${String(e.params.unevaluatedProperty)})` : ''}`);

/** The problems of one STIX object; empty when it is valid. */
export function validateObject(obj: StixObject): string[] {
  const where = typeof obj.id === 'string' ? obj.id : `(${String(obj.type)} without an id)`;
  const fn = schemas().byType.get(String(obj.type));
  if (!fn) return [`${where}: recruitwatch has no schema for type ${String(obj.type)}`];
  const problems = fn(obj) ? [] : errorsOf(fn, where);
  if (typeof obj.id === 'string' && !obj.id.startsWith(`${String(obj.type)}--`)) problems.push(`${where}: the id must start with ${String(obj.type)}--`);
  if (typeof obj.created === 'string' && typeof obj.modified === 'string' && obj.modified < obj.created) problems.push(`${where}: modified is before created`);
  if (obj.type === 'indicator') {
    if (obj.pattern_type === 'stix' && typeof obj.pattern === 'string') {
      try {
        parsePattern(obj.pattern);
      } catch (err) {
        if (!(err instanceof PatternError)) throw err;
        problems.push(`${where}: pattern ${obj.pattern}: ${err.message}`);
      }
    }
    if (typeof obj.valid_until === 'string' && typeof obj.valid_from === 'string' && obj.valid_until <= obj.valid_from) problems.push(`${where}: valid_until is not after valid_from`);
  }
  if (obj.type === 'observed-data' && typeof obj.first_observed === 'string' && typeof obj.last_observed === 'string' && obj.last_observed < obj.first_observed) {
    problems.push(`${where}: last_observed is before first_observed`);
  }
  return problems;
}

function refsOf(obj: StixObject): string[] {
  const refs: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (key.endsWith('_ref') && typeof value === 'string') refs.push(value);
    if (key.endsWith('_refs') && Array.isArray(value)) for (const v of value) if (typeof v === 'string') refs.push(v); // a report lists 100,000s: no spread
  }
  return refs;
}

/** The problems of a whole bundle: its envelope, every object, unique ids, and references that resolve inside it. */
export function validateBundle(bundle: unknown): string[] {
  const { bundle: fn } = schemas();
  if (!fn(bundle)) return errorsOf(fn, 'bundle');
  const objects = ((bundle as { objects?: StixObject[] }).objects ?? []);
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const obj of objects) {
    if (ids.has(String(obj.id))) problems.push(`${String(obj.id)}: appears twice`);
    ids.add(String(obj.id));
    problems.push(...validateObject(obj));
  }
  for (const obj of objects) for (const ref of refsOf(obj)) if (!ids.has(ref)) problems.push(`${String(obj.id)}: refers to ${ref}, which is not in the bundle`);
  return problems;
}
