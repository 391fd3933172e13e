import { expect } from 'vitest';
import { MAX_TEXT_LENGTH, outcome, type Corpus, type Expect, type HttpCase } from './harness.ts';

// The JSON API: POST /api/posts, GET /api/items/:id, /api/indicators, /api/review/*, /api/channels,
// query strings, auth headers, and the sign-in form.

const SCAM = 'Contract military service in Russia for foreigners. $20,000 signing bonus, drone operators wanted. WhatsApp +374 55 123456';
let serial = 0;
const fresh = () => `h${++serial}`;

const post = (fields: Record<string, unknown>) => (c: Corpus) =>
  c.inject({ method: 'POST', url: '/api/posts', payload: JSON.stringify({ source: 'api', channel: 'hostile', externalId: fresh(), text: 'hello', ...fields }), headers: { 'content-type': 'application/json' } }).then(outcome);
const rawPost = (payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }, token?: string | null) => (c: Corpus) =>
  c.inject({ method: 'POST', url: '/api/posts', payload, headers, token }).then(outcome);
const get = (url: string, token?: string | null) => (c: Corpus) => c.inject({ url, token }).then(outcome);
const send = (method: string, url: string, payload?: object | string, token?: string) => (c: Corpus) =>
  c.inject({ method, url, payload, token, headers: typeof payload === 'string' ? { 'content-type': 'application/json' } : {} }).then(outcome);
const onCase = (path: string, payload?: object | string) => (c: Corpus) => send('POST', `/api/review/cases/${c.caseId}${path}`, payload)(c);

// Big inputs are built once at load: building them in the case would block this process's loop, not the service's.
const TEN_MB_POST = JSON.stringify({ source: 'api', channel: 'hostile', externalId: 'ten-mb', text: 'Work in Russia. '.repeat(655_360) });
const MANY_KEYS = JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])));
const AT_LIMIT = `${SCAM} `.repeat(Math.floor(MAX_TEXT_LENGTH / (SCAM.length + 1))).padEnd(MAX_TEXT_LENGTH, '.');
const SCORING_STALL = { ms: 600, why: 'scoring 100,000 characters runs synchronously in the score worker, which `serve` runs in the API process' };

const bad = (status: number, message?: RegExp): Expect => ({ status, message });
const row = (name: string, run: HttpCase['run'], expect: Expect, defect?: number): HttpCase => ({ name, entry: 'api', run, expect, defect });

const postRefusals: Array<[string, Record<string, unknown>, RegExp, number?]> = [
  ['NUL in externalId', { externalId: 'id\u0000x' }, /externalId: .*U\+0000/, 1],
  ['NUL in channel', { channel: 'c\u0000' }, /channel: .*U\+0000/, 1],
  ['NUL in text', { text: 'hello\u0000world' }, /text: .*U\+0000/, 1],
  ['lone high surrogate in externalId', { externalId: 'id\ud800' }, /externalId: .*surrogate/, 4],
  ['lone low surrogate in externalId', { externalId: 'id\udc00' }, /externalId: .*surrogate/, 4],
  ['lone surrogate in channel', { channel: 'c\udfff' }, /channel: .*surrogate/, 4],
  ['lone surrogate in text', { text: 'bonus \ud83d here' }, /text: .*surrogate/, 4],
  ['reversed surrogate pair in externalId', { externalId: 'id\udc00\ud800' }, /externalId: .*surrogate/, 4],
  ['ANSI colour escape in channel', { channel: 'c\u001b[31mred' }, /channel: .*U\+001B/, 4],
  ['OSC window-title escape in externalId', { externalId: 'x\u001b]0;pwned\u0007' }, /externalId: .*U\+001B/, 4],
  ['8-bit CSI in externalId', { externalId: 'id\u009b31m' }, /externalId: .*U\+009B/, 4],
  ['newline in externalId (log forging)', { externalId: 'id\nlevel=error forged' }, /externalId: .*U\+000A/],
  ['carriage return in channel', { channel: 'c\rX' }, /channel: .*U\+000D/],
  ['tab in externalId', { externalId: 'a\tb' }, /externalId: .*U\+0009/],
  ['DEL in channel', { channel: 'c\u007f' }, /channel: .*U\+007F/],
  ['bell in text', { text: 'join\u0007 now' }, /text: .*U\+0007/],
  ['terminal escape in text', { text: 'salary \u001b[2J cleared' }, /text: .*U\+001B/],
  ['javascript: url', { url: 'javascript:alert(1)' }, /url: .*http/, 5],
  ['JaVaScRiPt: url in mixed case', { url: 'JaVaScRiPt:alert(document.cookie)' }, /url: .*http/, 5],
  ['javascript: url behind a space', { url: ' javascript:alert(1)' }, /url: /, 5],
  ['data: url', { url: 'data:text/html,<script>alert(1)</script>' }, /url: .*http/, 5],
  ['file: url', { url: 'file:///etc/passwd' }, /url: .*http/, 5],
  ['vbscript: url', { url: 'vbscript:msgbox(1)' }, /url: .*http/, 5],
  ['ftp: url', { url: 'ftp://example.org/x' }, /url: .*http/, 5],
  ['NUL in url', { url: 'https://example.org/\u0000' }, /url: .*U\+0000/, 1],
  ['newline in url', { url: 'https://example.org/a\nb' }, /url: .*U\+000A/],
  ['url over 2048 characters', { url: `https://example.org/${'a'.repeat(2100)}` }, /url: /],
  ['url that is not a url', { url: 'not a url' }, /url: /],
  ['empty text', { text: '' }, /text: must not be empty/],
  ['whitespace-only text', { text: ' \n\t  ' }, /text: must not be empty/],
  ['text one over the limit', { text: 'a'.repeat(MAX_TEXT_LENGTH + 1) }, /over the limit of 100000/],
  ['text as a number', { text: 42 }, /text/],
  ['text as null', { text: null }, /text/],
  ['text as an object (operator injection)', { text: { $gt: '' } }, /text/],
  ['text as an array', { text: ['a', 'b'] }, /text/],
  ['externalId as a number', { externalId: 7 }, /externalId/],
  ['empty externalId', { externalId: '' }, /externalId/],
  ['externalId of 257 characters', { externalId: 'x'.repeat(257) }, /externalId/],
  ['channel of 257 characters', { channel: 'c'.repeat(257) }, /channel/],
  ['source in upper case', { source: 'API' }, /source/],
  ['source with a path', { source: '../etc' }, /source/],
  ['source of 33 characters', { source: `a${'b'.repeat(32)}` }, /source/],
  ['postedAt not a date', { postedAt: 'yesterday' }, /postedAt/],
  ['postedAt with six-digit year', { postedAt: '+275760-09-13T00:00:00Z' }, /postedAt/],
  ['postedAt as epoch number', { postedAt: 1700000000 }, /postedAt/],
  ['an unknown field', { colour: 'red' }, /colour/],
  ['an id field (client-chosen item id)', { id: '00000000-0000-0000-0000-000000000000' }, /id/],
  ['media smuggled into a post', { media: ['a'.repeat(64)] }, /media/],
];

const cases: HttpCase[] = [
  ...postRefusals.map(([name, fields, message, defect]) => row(`POST /api/posts: ${name}`, post(fields), bad(400, message), defect)),
  row('POST /api/posts: body not valid UTF-8 (lone 0xE9)', rawPost(Buffer.concat([Buffer.from('{"externalId":"u1","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}')])), bad(400, /UTF-8/), 4),
  row('POST /api/posts: overlong UTF-8 encoding of "/"', rawPost(Buffer.concat([Buffer.from('{"externalId":"u2","text":"a'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])), bad(400, /UTF-8/), 4),
  row('POST /api/posts: UTF-8-encoded surrogate (CESU)', rawPost(Buffer.concat([Buffer.from('{"externalId":"u3","text":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])), bad(400, /UTF-8/), 4),
  row('POST /api/posts: body cut inside a multi-byte character', rawPost(Buffer.concat([Buffer.from('{"externalId":"u4","text":"'), Buffer.from([0xe2, 0x82])])), bad(400, /UTF-8/), 4),
  row('POST /api/posts: UTF-16LE body with BOM', rawPost(Buffer.from('\ufeff{"externalId":"u5","text":"hi"}', 'utf16le')), bad(400, /UTF-8|JSON/)),
  row('POST /api/posts: surrogate as a JSON escape', rawPost('{"externalId":"u6","text":"hello","channel":"c\\ud800"}'), bad(400, /channel: .*surrogate/), 4),
  row('POST /api/posts: NUL as a JSON escape in externalId', rawPost('{"externalId":"a\\u0000b","text":"hello"}'), bad(400, /externalId: .*U\+0000/), 1),
  row('POST /api/posts: 10 MB post', rawPost(TEN_MB_POST), bad(413, /too large/i)),
  row('POST /api/posts: invalid JSON', rawPost('{"externalId": "x1", "text": '), bad(400, /JSON/i)),
  row('POST /api/posts: empty JSON body', rawPost(''), bad(400)),
  row('POST /api/posts: JSON null', rawPost('null'), bad(400, /JSON object/)),
  row('POST /api/posts: JSON string', rawPost('"hello"'), bad(400, /JSON object/)),
  row('POST /api/posts: JSON array', rawPost('[{"externalId":"x","text":"y"}]'), bad(400, /JSON object/)),
  row('POST /api/posts: __proto__ key', rawPost('{"externalId":"p1","text":"x","__proto__":{"admin":true}}'), bad(400)),
  row('POST /api/posts: constructor.prototype key', rawPost('{"externalId":"p2","text":"x","constructor":{"prototype":{"admin":true}}}'), bad(400)),
  row('POST /api/posts: 100,000-deep nested array', rawPost(`{"externalId":"n1","text":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), bad(400)),
  row('POST /api/posts: 50,000 unknown keys', rawPost(MANY_KEYS), bad(400, /more than 10000 keys/)),
  row('POST /api/posts: text/plain body', rawPost('externalId=x&text=y', { 'content-type': 'text/plain' }), bad(400, /JSON object/)),
  row('POST /api/posts: form-encoded body', rawPost('externalId=x&text=y', { 'content-type': 'application/x-www-form-urlencoded' }), bad(415)),
  row('POST /api/posts: no token', rawPost(JSON.stringify({ externalId: 'a1', text: 'x' }), undefined, null), bad(401, /Bearer/)),
  row('POST /api/posts: Basic auth', rawPost(JSON.stringify({ externalId: 'a2', text: 'x' }), { 'content-type': 'application/json', authorization: 'Basic YWRtaW46YWRtaW4=' }, null), bad(401)),
  row('POST /api/posts: 8 KB bogus token', rawPost(JSON.stringify({ externalId: 'a3', text: 'x' }), { 'content-type': 'application/json', authorization: `Bearer ${'A'.repeat(8192)}` }, null), bad(401)),
  row('POST /api/posts: token with a quote and SQL', rawPost(JSON.stringify({ externalId: 'a4', text: 'x' }), { 'content-type': 'application/json', authorization: "Bearer x'or'1'='1" }, null), bad(401)),
  row('POST /api/posts: viewer token', (c) => rawPost(JSON.stringify({ externalId: 'a5', text: 'x' }), undefined, c.viewerToken)(c), bad(403)),

  // Accepted as evidence: what the scorer must see through is kept, and stored whole.
  row('POST /api/posts: zero-width spaces inside the scam words', post({ text: 'Con\u200Btract mil\u200Citary ser\u200Dvice in Rus\u2060sia for foreigners, $20,000 sign\u200Bing bonus. WhatsApp +374 55 123456' }), {
    accepted: 'scored',
    check: (it) => {
      expect(it.flagged).toBe(true);
      expect(it.text).toContain('Con\u200Btract');
    },
  }),
  row('POST /api/posts: right-to-left override hiding a domain', post({ text: `${SCAM} apply at \u202Emoc.bojhsif\u202C` }), {
    accepted: 'scored',
    check: (it) => expect(it.text).toContain('\u202Emoc.bojhsif\u202C'),
  }),
  row('POST /api/posts: text of only zero-width and bidi marks', post({ text: '\u200B\u200C\u200D\u202E\u2066\u2069' }), { accepted: 'scored' }),
  row('POST /api/posts: bidi override in channel is kept byte for byte', post({ channel: 'jobs\u202Egnp.exe', text: 'hello' }), {
    accepted: 'scored',
    check: (it) => expect(it.channel).toBe('jobs\u202Egnp.exe'),
  }),
  row('POST /api/posts: a zero-width space makes a different externalId', post({ externalId: 'zw\u200Bid', text: 'hello' }), {
    accepted: 'scored',
    check: (it) => expect(it.externalId).toBe('zw\u200Bid'),
  }),
  { ...row('POST /api/posts: text at exactly the limit', post({ text: AT_LIMIT }), { accepted: 'scored' }), knownStall: SCORING_STALL },
  { ...row('POST /api/posts: 100,000 emoji (surrogate pairs)', post({ text: '\u{1F680}'.repeat(50_000) }), { accepted: 'scored' }), knownStall: SCORING_STALL },
  row('POST /api/posts: 20,000 combining marks on one letter', post({ text: `Z${'\u0301'.repeat(20_000)} bonus` }), { accepted: 'scored' }),
  row('POST /api/posts: percent-encoded NUL in the url is just text', post({ url: 'https://example.org/%00?q=%ff' }), { accepted: 'scored' }),
  row('POST /api/posts: postedAt in year 9999', post({ postedAt: '9999-12-31T23:59:59Z' }), { accepted: 'scored' }),
  row('POST /api/posts: postedAt in year 0000 (PostgreSQL has no year 0)', post({ postedAt: '0000-01-01T00:00:00Z' }), bad(400, /postedAt: must be a date in the years 0001 to 9999/)),
  row('POST /api/posts: postedAt on 30 February', post({ postedAt: '2024-02-30T00:00:00Z' }), bad(400, /postedAt/)),
  row('POST /api/posts: HTML and script in the text', post({ text: '<script>alert(1)</script><img src=x onerror=alert(2)> drivers wanted' }), { accepted: 'scored' }),

  // Item reads
  row('GET /api/items/:id: not a UUID', get('/api/items/not-a-uuid'), bad(400, /UUID/)),
  row('GET /api/items/:id: %00', get('/api/items/%00'), bad(400)),
  row('GET /api/items/:id: UUID with a NUL', get('/api/items/00000000-0000-4000-8000-00000000000%00'), bad(400)),
  row('GET /api/items/:id: path traversal', get('/api/items/..%2F..%2Fetc%2Fpasswd'), bad(400)),
  row('GET /api/items/:id: invalid UTF-8 escape', get('/api/items/%ED%A0%80'), bad(400)),
  row('GET /api/items/:id: malformed percent escape', get('/api/items/%E0%A4%A'), bad(400)),
  row('GET /api/items/:id: 5,000-character id', get(`/api/items/${'a'.repeat(5000)}`), bad(414)),
  row('GET /api/items/:id: SQL in the id', get("/api/items/1'%20or%20'1'='1"), bad(400)),
  row('GET /api/items/:id: unknown UUID', get('/api/items/3f2504e0-4f89-41d3-9a0c-0305e82c3301'), bad(404, /no item/)),
  row('GET /api/items/:id: no token', get('/api/items/3f2504e0-4f89-41d3-9a0c-0305e82c3301', null), bad(401)),

  // Indicator queries
  row('GET /api/indicators: %00 value', get('/api/indicators?type=phone&value=%00'), bad(400, /value: .*U\+0000/), 2),
  row('GET /api/indicators: NUL inside a phone', get('/api/indicators?type=phone&value=%2B374%0055'), bad(400, /U\+0000/), 2),
  row('GET /api/indicators: newline in value', get('/api/indicators?type=phone&value=a%0Ab'), bad(400, /U\+000A/)),
  row('GET /api/indicators: unknown type', get('/api/indicators?type=ssn&value=1'), bad(400, /type/)),
  row('GET /api/indicators: no value', get('/api/indicators?type=phone'), bad(400, /value/)),
  row('GET /api/indicators: empty value', get('/api/indicators?type=phone&value='), bad(400, /value/)),
  row('GET /api/indicators: type given twice', get('/api/indicators?type=phone&type=email&value=x'), bad(400, /type/)),
  row('GET /api/indicators: an extra parameter', get('/api/indicators?type=phone&value=1&debug=1'), bad(400, /debug/)),
  row('GET /api/indicators: value of 2,001 characters', get(`/api/indicators?type=url&value=${'a'.repeat(2001)}`), bad(400, /value/)),
  row('GET /api/indicators: invalid UTF-8 in the value', get('/api/indicators?type=phone&value=%ED%A0%80'), bad(404)),
  row('GET /api/indicators: lone % in the value', get('/api/indicators?type=phone&value=%'), bad(404)),
  row('GET /api/indicators: SQL in the value', get("/api/indicators?type=phone&value=%27%20or%201%3D1%20--"), bad(404)),
  row('GET /api/indicators: LIKE wildcard value', get('/api/indicators?type=phone&value=%25'), bad(404)),
  row('GET /api/indicators: __proto__ parameter', get('/api/indicators?type=phone&value=1&__proto__=x'), bad(400)),

  // Review notes, decisions and the queue
  row('POST review notes: NUL in a note', onCase('/notes', { note: 'a\u0000b' }), bad(400, /note: .*U\+0000/), 2),
  row('POST review notes: terminal escape in a note', onCase('/notes', { note: 'seen \u001b[2J' }), bad(400, /note: .*U\+001B/)),
  row('POST review notes: lone surrogate in a note', onCase('/notes', '{"note":"half \\udc00"}'), bad(400, /note: .*surrogate/)),
  row('POST review notes: empty note', onCase('/notes', { note: '' }), bad(400, /note/)),
  row('POST review notes: whitespace-only note', onCase('/notes', { note: '  \n ' }), bad(400, /note/)),
  row('POST review notes: note of 5,001 characters', onCase('/notes', { note: 'n'.repeat(5001) }), bad(400, /note/)),
  row('POST review notes: note as a number', onCase('/notes', { note: 5 }), bad(400, /note/)),
  row('POST review notes: an extra field', onCase('/notes', { note: 'x', author: 'someone else' }), bad(400, /author/)),
  row('POST review notes: invalid UTF-8 note', (c) => c.inject({ method: 'POST', url: `/api/review/cases/${c.caseId}/notes`, headers: { 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0x22, 0x6e, 0x6f, 0x74, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) }).then(outcome), bad(400, /UTF-8/)),
  row('POST review notes: caseId not a UUID', send('POST', '/api/review/cases/1%20or%201=1/notes', { note: 'x' }), bad(400, /caseId/)),
  row('POST review notes: caseId %00', send('POST', '/api/review/cases/%00/notes', { note: 'x' }), bad(400, /caseId/), 2),
  row('POST review notes: unknown case', send('POST', '/api/review/cases/3f2504e0-4f89-41d3-9a0c-0305e82c3301/notes', { note: 'x' }), bad(404)),
  row('POST review notes: a viewer', (c) => send('POST', `/api/review/cases/${c.caseId}/notes`, { note: 'x' }, c.viewerToken)(c), bad(403)),
  row('POST review notes: newlines, tabs, RTL and emoji are kept', onCase('/notes', { note: 'same number as\tcase 12\n\u202Eesrever\u202C \u{1F6A9}' }), { ok: 200 }),
  row('POST review decision: unknown decision', onCase('/decision', { decision: 'approve' }), bad(400, /decision/)),
  row('POST review decision: NUL in the note', onCase('/decision', { decision: 'dismissed', note: 'ok\u0000' }), bad(400, /note: .*U\+0000/), 2),
  row('POST review decision: decision as an array', onCase('/decision', { decision: ['confirmed', 'dismissed'] }), bad(400, /decision/)),
  row('POST review decision: no body', onCase('/decision'), bad(400, /decision/)),
  row('POST review claim: caseId with a NUL', send('POST', '/api/review/cases/3f2504e0-4f89-41d3-9a0c-0305e82c330%00/claim'), bad(400, /caseId/)),
  row('GET review events: caseId garbage', get('/api/review/cases/%F0%9F%92%A9/events'), bad(400, /caseId/)),
  row('GET review queue: limit -1', get('/api/review/queue?limit=-1'), bad(400, /limit/)),
  row('GET review queue: limit 1e9', get('/api/review/queue?limit=1e9'), bad(400, /limit/)),
  row('GET review queue: limit abc', get('/api/review/queue?limit=abc'), bad(400, /limit/)),
  row('GET review queue: offset past the cap', get('/api/review/queue?offset=99999999999'), bad(400, /offset/)),
  row('GET review queue: status bogus', get('/api/review/queue?status=bogus'), bad(400, /status/)),
  row('GET review queue: status %00', get('/api/review/queue?status=%00'), bad(400, /status/)),
  row('GET review queue: limit given twice', get('/api/review/queue?limit=1&limit=2'), bad(400, /limit/)),
  row('GET review queue: unknown parameter', get('/api/review/queue?sort=drop%20table'), bad(400, /sort/)),

  // Watched channels
  row('POST /api/channels: NUL in handle', send('POST', '/api/channels', { handle: 'chan\u0000nel' }), bad(400)),
  row('POST /api/channels: javascript: handle', send('POST', '/api/channels', { handle: 'javascript:alert(1)' }), bad(400)),
  row('POST /api/channels: invite link', send('POST', '/api/channels', { handle: 'https://t.me/+AbCdEfGhIjK' }), bad(400, /private/)),
  row('POST /api/channels: handle of 201 characters', send('POST', '/api/channels', { handle: 'a'.repeat(201) }), bad(400)),
  row('POST /api/channels: path traversal handle', send('POST', '/api/channels', { handle: '../../etc/passwd' }), bad(400)),
  row('POST /api/channels: RTL override in handle', send('POST', '/api/channels', { handle: 'jobs\u202Eabcd' }), bad(400)),
  row('POST /api/channels: terminal escape in handle', send('POST', '/api/channels', { handle: 'jobs\u001b[31m' }), bad(400)),
  row('POST /api/channels: handle as a number', send('POST', '/api/channels', { handle: 12345 }), bad(400, /handle/)),
  row('POST /api/channels: interval 10 seconds', send('POST', '/api/channels', { handle: 'valid_name', interval: 10 }), bad(400, /interval/)),
  row('POST /api/channels: interval not a number', send('POST', '/api/channels', { handle: 'valid_name', interval: 'often' }), bad(400, /interval/)),
  row('POST /api/channels: interval 1e12', send('POST', '/api/channels', { handle: 'valid_name', interval: 1e12 }), bad(400, /interval/)),
  row('POST /api/channels: a viewer', (c) => send('POST', '/api/channels', { handle: 'valid_name' }, c.viewerToken)(c), bad(403)),
  row('POST /api/channels/:handle/scan: %00', send('POST', '/api/channels/%00/scan'), bad(400)),
  row('POST /api/channels/:handle/scan: not watched', send('POST', '/api/channels/never_watched/scan'), bad(404)),
  row('DELETE /api/channels/:handle: traversal', send('DELETE', '/api/channels/..%2F..%2Fetc'), bad(400)),
  row('DELETE /api/channels/:handle: not watched', send('DELETE', '/api/channels/never_watched'), bad(404)),

  // Forwards, campaigns, analytics and exports
  row('POST /api/posts: NUL in forwardedFrom', post({ forwardedFrom: 'chan\u0000x' }), bad(400, /forwardedFrom: .*U\+0000/)),
  row('POST /api/posts: forwardedFrom as an object', post({ forwardedFrom: { handle: 'x' } }), bad(400, /forwardedFrom/)),
  row('GET /api/campaigns/:id: not a UUID', get('/api/campaigns/1%20or%201=1'), bad(400)),
  row('GET /api/campaigns/:id: %00', get('/api/campaigns/%00'), bad(400)),
  row('GET /api/campaigns/:id: unknown item', get('/api/campaigns/3f2504e0-4f89-41d3-9a0c-0305e82c3301'), bad(404)),
  row('POST /api/campaigns/:id/decision: unknown decision', send('POST', '/api/campaigns/3f2504e0-4f89-41d3-9a0c-0305e82c3301/decision', { decision: 'approve', itemIds: [] }), bad(400, /decision/)),
  row('POST /api/campaigns/:id/decision: itemIds not UUIDs', send('POST', '/api/campaigns/3f2504e0-4f89-41d3-9a0c-0305e82c3301/decision', { decision: 'confirmed', itemIds: ["' or 1=1 --"] }), bad(400, /itemIds/)),
  row('POST /api/campaigns/:id/decision: a viewer', (c) => send('POST', '/api/campaigns/3f2504e0-4f89-41d3-9a0c-0305e82c3301/decision', { decision: 'confirmed', itemIds: [] }, c.viewerToken)(c), bad(403)),
  row('GET /api/analytics/rules: weeks -1', get('/api/analytics/rules?weeks=-1'), bad(400, /weeks/)),
  row('GET /api/analytics/rules: weeks 1e9', get('/api/analytics/rules?weeks=1e9'), bad(400, /weeks/)),
  row('GET /api/analytics/rules: a viewer', (c) => get('/api/analytics/rules', c.viewerToken)(c), bad(403)),
  row('GET /api/exports/stix: unknown TLP', get('/api/exports/stix?tlp=purple'), bad(400, /tlp/)),
  row('GET /api/exports/stix: campaign not a UUID', get('/api/exports/stix?campaign=..%2F..%2Fetc'), bad(400, /campaign/)),
  row('GET /api/exports/stix: unknown campaign', get('/api/exports/stix?campaign=3f2504e0-4f89-41d3-9a0c-0305e82c3301'), bad(404)),
  row('GET /api/exports/confirmed.csv: date that is not one', get('/api/exports/confirmed.csv?from=yesterday'), bad(400, /from/)),
  row('GET /api/exports/confirmed.json: NUL in a date', get('/api/exports/confirmed.json?to=2026-01-01%00'), bad(400, /to/)),
  row('GET /api/exports/confirmed.csv: a viewer', (c) => get('/api/exports/confirmed.csv', c.viewerToken)(c), bad(403)),

  // Outside /api
  row('POST /telegram/webhook: wrong secret', (c) => c.inject({ method: 'POST', url: '/telegram/webhook', token: null, headers: { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' }, payload: { update_id: 1 } }).then(outcome), bad(401)),
  row('POST /telegram/webhook: not an update', (c) => c.inject({ method: 'POST', url: '/telegram/webhook', token: null, headers: { 'x-telegram-bot-api-secret-token': 'hostile-webhook-secret-0123' }, payload: { update_id: 'one' } }).then(outcome), bad(400, /not a Telegram update/)),
  row('POST /login: NUL and a huge name', (c) => c.inject({ method: 'POST', url: '/login', token: null, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80' }, payload: `username=${'%00'.repeat(3)}${'a'.repeat(5000)}&password=x` }).then(outcome), bad(401)),
  row('POST /login: a foreign Origin', (c) => c.inject({ method: 'POST', url: '/login', token: null, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, payload: 'username=admin&password=x' }).then(outcome), bad(403)),
];

export const apiCases = cases;
