import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The shipped stack, checked as files (no Docker engine runs here; `docker-compose config` parses it).
const root = path.resolve(import.meta.dirname, '../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { ports?: string[]; healthcheck?: { test: string[] } }>;
};
const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');

describe('the Docker stack', () => {
  it('publishes every port on loopback only', () => {
    const published = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('gives the app a healthcheck on /readyz', () => {
    expect(compose.services.app.healthcheck?.test.join(' ')).toContain('/readyz');
  });

  it('makes /data the node user\'s before switching to it, so a new volume is writable', () => {
    const chown = dockerfile.indexOf('chown node:node /data');
    const user = dockerfile.indexOf('USER node');
    expect(chown).toBeGreaterThan(-1);
    expect(chown).toBeLessThan(user);
  });

  it('runs the Node major that package.json engines and .ci agree on', () => {
    const engines = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node as string;
    const major = /FROM node:(\d+)/.exec(dockerfile)?.[1];
    expect(engines).toBe(`>=${major}`);
  });
});
