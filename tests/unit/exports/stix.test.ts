import { describe, expect, it } from 'vitest';
import { scoId, uuidV5 } from '../../../src/exports/stix/ids.ts';
import { indicatorsOfPattern, STIX_INDICATOR_TYPES, toStix } from '../../../src/exports/stix/observables.ts';
import { parsePattern, PatternError, patternString } from '../../../src/exports/stix/pattern.ts';
import { tlpMarking, TLP_LEVELS } from '../../../src/exports/stix/tlp.ts';
import { validateObject } from '../../../src/exports/stix/validate.ts';

describe('STIX ids', () => {
  it('makes RFC 4122 version 5 UUIDs (the RFC\'s DNS example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('names an SCO from its canonical id-contributing properties, whatever their order', () => {
    expect(scoId('user-account', { account_type: 'telegram', account_login: 'x' })).toBe(scoId('user-account', { account_login: 'x', account_type: 'telegram' }));
    expect(scoId('url', { value: 'https://a.example/' })).not.toBe(scoId('url', { value: 'https://b.example/' }));
  });
});

describe('STIX patterns', () => {
  it('parses the patterns of the specification\'s examples', () => {
    const ok = [
      "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
      "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
      "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32'] AND [domain-name:value = 'example.com'] WITHIN 600 SECONDS",
      "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) REPEATS 5 TIMES",
      "[network-traffic:dst_port IN (80, 443) AND network-traffic:src_port NOT > 1023] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
      "[file:size >= 1024 AND file:name LIKE 'doc%' AND EXISTS file:parent_directory_ref]",
    ];
    for (const p of ok) expect(() => parsePattern(p), p).not.toThrow();
  });

  it('refuses what the grammar does not allow', () => {
    const bad = [
      "url:value = 'x'", // no brackets
      "[url:value = 'x'", // not closed
      "[url:value = 'it's']", // unescaped quote
      "[url:value = 'a\\nb']", // only \' and \\ escape
      "[URL:value = 'x']", // upper-case type
      "[url:value 'x']", // no operator
      "[url:value = 'x' AND email-addr:value = 'y']", // AND across object types
      "[url:value = 'x'] WITHIN SECONDS",
      "[file:modified = t'yesterday']",
      "[network-traffic:dst_port > 1 AND NOT network-traffic:src_port > 1023]", // NOT goes after the path
      '',
    ];
    for (const p of bad) expect(() => parsePattern(p), p).toThrow(PatternError);
  });

  it('escapes quotes and backslashes in string literals so any value survives', () => {
    for (const value of ["it's", 'back\\slash', "both \\' at once", '']) {
      const [c] = parsePattern(`[url:value = ${patternString(value)}]`);
      expect(c.value).toBe(value);
    }
  });
});

describe('indicators in STIX and back', () => {
  const samples: Array<[string, string, Record<string, string>?]> = [
    ['phone', '+37455111222', { country: 'AM' }],
    ['whatsapp', '+37455111222'],
    ['whatsapp', 'chat.whatsapp.com/AbCdEf123'],
    ['whatsapp', 'wa.me/message/XYZ123'],
    ['telegram', '@hiring_desk_one'],
    ['telegram', 't.me/+AbCdEfGh'],
    ['email', 'hr.contracts@mail.ru'],
    ['url', 'jobs-abroad.example/apply/now'],
    ['url', "odd.example/it's"],
    ['crypto', '0x52908400098527886e0f7030069857d2e4169ee7', { chain: 'ETH' }],
    ['crypto', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', { chain: 'BTC' }],
    ['image', 'a'.repeat(64)],
  ];

  it('covers every kind of shareable indicator', () => {
    expect(new Set(samples.map(([t]) => t))).toEqual(new Set(STIX_INDICATOR_TYPES));
    expect(toStix('money', '20000 USD')).toBeUndefined();
  });

  it('writes a valid observable and a pattern that reads back as the same indicator', () => {
    for (const [type, value, detail] of samples) {
      const stix = toStix(type, value, detail)!;
      expect(validateObject(stix.sco), `${type} ${value}`).toEqual([]);
      expect(() => parsePattern(stix.pattern)).not.toThrow();
      expect(indicatorsOfPattern(stix.pattern), stix.pattern).toEqual([{ type, value }]);
    }
  });

  it('writes phones, handles and links as partners\' tools expect', () => {
    expect(toStix('telegram', '@hiring_desk_one')!.pattern).toBe("[user-account:account_type = 'telegram' AND user-account:account_login = 'hiring_desk_one']");
    expect(toStix('phone', '+37455111222')!.pattern).toBe("[x-recruitwatch-phone-number:value = '+37455111222']");
    expect(toStix('url', 'jobs.example/a')!.pattern).toBe("[url:value = 'https://jobs.example/a' OR url:value = 'http://jobs.example/a']");
    expect(toStix('email', 'a@b.example')!.pattern).toBe("[email-addr:value = 'a@b.example']");
  });
});

describe('the schemas catch mistakes', () => {
  it('accepts the official TLP 2.0 markings and refuses broken objects', () => {
    for (const level of TLP_LEVELS) expect(validateObject(tlpMarking(level))).toEqual([]);
    const indicator = {
      type: 'indicator', spec_version: '2.1', id: 'indicator--2ed6657d-e927-568b-95e1-2665a8aea6a2', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
      pattern: "[url:value = 'https://a.example/']", pattern_type: 'stix', valid_from: '2026-01-01T00:00:00.000Z',
    };
    expect(validateObject(indicator)).toEqual([]);
    expect(validateObject({ ...indicator, pattern: "[url:value = 'https://a.example/'" }).join()).toMatch(/pattern/);
    expect(validateObject({ ...indicator, valid_from: '2026-01-01 00:00' }).join()).toMatch(/valid_from/);
    expect(validateObject({ ...indicator, id: 'campaign--2ed6657d-e927-568b-95e1-2665a8aea6a2' }).join()).toMatch(/id/);
    expect(validateObject({ ...indicator, colour: 'red' }).join()).toMatch(/colour/);
    expect(validateObject({ ...indicator, object_marking_refs: ['identity--2ed6657d-e927-568b-95e1-2665a8aea6a2'] }).join()).toMatch(/object_marking_refs/);
    const { valid_from: _, ...noValidFrom } = indicator;
    expect(validateObject(noValidFrom).join()).toMatch(/valid_from/);
    expect(validateObject({ type: 'malware', id: 'malware--2ed6657d-e927-568b-95e1-2665a8aea6a2' }).join()).toMatch(/no schema/);
  });
});
