import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPatternDir, loadScorer, PackError } from '../../../src/scoring/index.ts';
import { readPack } from '../../../src/scoring/pack/pack.ts';
import { defaultPlausibilityDir } from '../../../src/scoring/plausibility/table.ts';
import { readDataset } from '../../../src/scoring/eval/eval-datasets.ts';

// The engine reads the categories it relies on by role (model.yaml `roles:`), never by id: a pack
// whose role is missing or points at the wrong category is refused, and a pack that renames every
// role's category scores exactly like the shipped one.

/** A copy of the shipped pack (YAML only, with its plausibility table); `edit` rewrites each file's text. */
function packCopy(edit: (text: string, file: string) => string = (t) => t): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-roles-'));
  for (const f of readdirSync(defaultPatternDir)) if (f.endsWith('.yaml')) cpSync(path.join(defaultPatternDir, f), path.join(dir, f));
  cpSync(defaultPlausibilityDir, path.join(dir, 'plausibility'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
  for (const sub of ['', 'plausibility']) {
    for (const f of readdirSync(path.join(dir, sub))) {
      const file = path.join(dir, sub, f);
      if (f.endsWith('.yaml')) writeFileSync(file, edit(readFileSync(file, 'utf8'), f));
    }
  }
  return dir;
}

const inModel = (from: string | RegExp, to: string) => (text: string, file: string) => {
  if (file !== 'model.yaml') return text;
  const out = text.replace(from, to);
  if (out === text) throw new Error(`test setup: ${String(from)} not found in model.yaml`);
  return out;
};

function refusal(dir: string): PackError {
  try {
    readPack(dir);
  } catch (err) {
    if (err instanceof PackError) return err;
    throw err;
  }
  throw new Error('pack was accepted');
}

const lineOf = (dir: string, needle: string) =>
  readFileSync(path.join(dir, 'model.yaml'), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('category roles', () => {
  it('refuses a role that names an unknown category, naming the role, at its line', () => {
    const dir = packCopy(inModel('messengerContact: CH-MESSENGER', 'messengerContact: CH-NOWHERE'));
    const issue = refusal(dir).issues.find((i) => /messengerContact/.test(i.reason));
    expect(issue?.reason).toBe('role messengerContact names unknown category CH-NOWHERE');
    expect(issue?.file).toBe(path.join(dir, 'model.yaml'));
    expect(issue?.line).toBe(lineOf(dir, 'messengerContact: CH-NOWHERE'));
  });

  it('refuses a role that names a category of the wrong kind', () => {
    const dir = packCopy(inModel('ownCitizensFrame: FRAME-OWN-CITIZENS', 'ownCitizensFrame: MIL-ROLE'));
    const err = refusal(dir);
    expect(err.message).toMatch(/role ownCitizensFrame needs a category of kind frame; MIL-ROLE is kind signal/);
    expect(err.issues[0].line).toBe(lineOf(dir, 'ownCitizensFrame: MIL-ROLE'));
  });

  it('refuses a pack with a role left out, or one the engine does not know', () => {
    const missing = refusal(packCopy(inModel(/\n {2}salaryLure: [^\n]*/, '')));
    expect(missing.message).toMatch(/roles\.salaryLure: missing/);
    const unknown = refusal(packCopy(inModel('\nroles:\n', '\nroles:\n  wageLure: LURE-SALARY\n')));
    expect(unknown.message).toMatch(/wageLure/);
  });

  it('refuses a frame without a phrase for the explanation', () => {
    const err = refusal(packCopy(inModel(', phrase: a warning }', ' }')));
    expect(err.message).toMatch(/FRAME-WARNING\.phrase: a frame category needs a phrase/);
  });

  // two packs compile here (~5 s each on a busy machine): more time than the project's default
  it('scores a pack whose role categories are all renamed exactly like the shipped pack', { timeout: 90_000 }, () => {
    const shipped = readPack(defaultPatternDir).model.roles;
    const ids = [...new Set(Object.values(shipped))];
    const word = (id: string) => new RegExp(`(?<![A-Z0-9-])${id}(?![A-Z0-9-])`, 'g');
    const renamed = packCopy((text) => ids.reduce((t, id) => t.replace(word(id), `X-${id}`), text));
    expect(readPack(renamed).model.roles.messengerContact).toBe('X-CH-MESSENGER');
    const a = loadScorer({ model: 'off' });
    const b = loadScorer({ dir: renamed, model: 'off' });
    const back = (json: string) => ids.reduce((t, id) => t.replace(word(`X-${id}`), id), json);
    const { items } = readDataset('tests/fixtures/devset.jsonl');
    const seen = { ownCitizens: 0, salary: 0, messenger: 0, lureCheck: 0 };
    for (const { text } of items) {
      const x = a.score(text);
      const y = b.score(text);
      expect(y.score, text).toBe(x.score);
      expect(y.explanation, text).toBe(x.explanation);
      expect(back(JSON.stringify(y.details)), text).toBe(JSON.stringify(x.details));
      const ids = x.details.categories.map((c) => c.id);
      if (x.details.framing.kinds.includes(shipped.ownCitizensFrame)) seen.ownCitizens++;
      if (ids.includes(shipped.salaryLure)) seen.salary++;
      if (ids.includes(shipped.messengerContact)) seen.messenger++;
      if (x.details.plausibility) seen.lureCheck++;
    }
    // the set exercises the roles: own-citizens framing, money lures, messenger contacts, the lure check
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });
});
