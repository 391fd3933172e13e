import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { items } from '../../src/db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

// Every string of a post that reaches the database is checked at the edge: a NUL that PostgreSQL
// cannot store, a lone surrogate that would be stored as U+FFFD (two ids becoming one item), a
// terminal escape, a URL a reviewer should not click, bytes that are not UTF-8 — each a 400 naming
// the field, never a 202 that ingest then loses.
describe('strings at the edge of the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const headers = () => ({ authorization: `Bearer ${t.token}`, 'content-type': 'application/json' });
  const raw = (payload: string | Buffer) => t.app.inject({ method: 'POST', url: '/api/posts', headers: headers(), payload });
  const post = (fields: Record<string, unknown>) => raw(JSON.stringify({ source: 'api', channel: 'c', externalId: 'x', text: 'hello', ...fields }));

  it.each([
    ['a NUL in externalId', { externalId: 'id\u0000x' }, /externalId: .*U\+0000/],
    ['a NUL in channel', { channel: 'c\u0000' }, /channel: .*U\+0000/],
    ['a NUL in text', { text: 'hello\u0000world' }, /text: .*U\+0000/],
    ['a lone high surrogate in externalId', { externalId: 'id\ud800' }, /externalId: .*surrogate/],
    ['a lone low surrogate in externalId', { externalId: 'id\udc00' }, /externalId: .*surrogate/],
    ['a lone surrogate in channel', { channel: 'c\udfff' }, /channel: .*surrogate/],
    ['a terminal escape in channel', { channel: 'c\u001b[31mred' }, /channel: .*U\+001B/],
    ['an 8-bit CSI in externalId', { externalId: 'id\u009b31m' }, /externalId: .*U\+009B/],
    ['a newline in externalId', { externalId: 'id\nforged log line' }, /externalId: .*U\+000A/],
    ['a javascript: url', { url: 'javascript:alert(1)' }, /url: .*http/],
    ['a data: url', { url: 'data:text/html,<script>alert(1)</script>' }, /url: .*http/],
    ['a file: url', { url: 'file:///etc/passwd' }, /url: .*http/],
    ['a NUL in url', { url: 'https://example.org/\u0000' }, /url: .*U\+0000/],
  ])('%s is a 400 naming the field', async (_name, fields, message) => {
    const res = await post(fields);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('a surrogate written as a JSON escape is refused too, not folded to U+FFFD', async () => {
    const res = await raw('{"source":"api","channel":"c","externalId":"id\\ud800","text":"hello"}');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/externalId: .*surrogate/);
  });

  it('a body that is not UTF-8 is refused, not stored with U+FFFD in it', async () => {
    const body = Buffer.concat([Buffer.from('{"source":"api","channel":"c","externalId":"bytes","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const res = await raw(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/UTF-8/);
  });

  it('a NUL in an indicator query is a 400, not a database error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/indicators?type=phone&value=%00', headers: headers() });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/value: .*U\+0000/);
  });

  it('a NUL in a case note is a 400; a note with newlines is kept', async () => {
    const flyer = await post({ externalId: 'noted', text: 'Contract military service in Russia for foreigners. $20,000 signing bonus, drone operators wanted. WhatsApp +374 55 123456' });
    const itemId = flyer.json().itemId;
    const caseId = await waitFor('a review case', async () => {
      const r = await t.app.inject({ method: 'GET', url: `/api/items/${itemId}`, headers: headers() });
      return r.statusCode === 200 ? r.json().review?.caseId : null;
    });
    const note = (text: string) => t.app.inject({ method: 'POST', url: `/api/review/cases/${caseId}/notes`, headers: headers(), payload: { note: text } });
    const bad = await note('a\u0000b');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/note: .*U\+0000/);
    expect((await note('seen before\nsame number')).statusCode).toBe(200);
  });

  it('a multipart upload without a boundary, or never closed, is a 400 saying so', async () => {
    const auth = { authorization: `Bearer ${t.token}` };
    const noBoundary = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...auth, 'content-type': 'multipart/form-data' }, payload: 'abc' });
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.json().message).toMatch(/malformed: .*[Bb]oundary/);
    const unclosed = '--XX\r\ncontent-disposition: form-data; name="f"; filename="a.png"\r\ncontent-type: image/png\r\n\r\nabcdef';
    const res = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...auth, 'content-type': 'multipart/form-data; boundary=XX' }, payload: unclosed });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/a\.png: the multipart body is malformed/);
  });

  it('stores none of the refused posts, and still takes a clean one, its emoji and RTL marks intact', async () => {
    const text = 'Job offer \u{1F680} \u202Eabc\u202C with a zero\u200Bwidth space';
    const res = await post({ externalId: 'clean', url: 'https://example.org/post/1', text });
    expect(res.statusCode).toBe(202);
    const itemId = res.json().itemId;
    const item = await waitFor('the clean item', async () => {
      const r = await t.app.inject({ method: 'GET', url: `/api/items/${itemId}`, headers: headers() });
      return r.statusCode === 200 ? r.json() : null;
    });
    expect(item.text ?? item.item?.text).toBe(text);
    const [{ n }] = await t.deps.db.select({ n: count() }).from(items);
    expect(n).toBe(2); // this one and the flyer the note test posted
  });
});
