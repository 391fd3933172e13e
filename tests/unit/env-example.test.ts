import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// .env.example is what an operator copies: it must name every variable the config reads, and no other.
describe('.env.example', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
  const configVars = [...read('src/config.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]).sort();
  const exampleVars = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();

  it('lists exactly the variables src/config.ts reads', () => {
    expect(configVars.length).toBeGreaterThan(20);
    expect(exampleVars).toEqual(configVars);
  });
});
