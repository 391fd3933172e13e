import type { FastifyInstance } from 'fastify';

// Fastify decodes a JSON body as UTF-8 with replacement, so bytes that are not UTF-8 would be stored as
// U+FFFD without a word. Decode strictly and refuse the body instead; then parse as fastify would
// (its parser also refuses __proto__ and constructor.prototype keys).
const utf8 = new TextDecoder('utf-8', { fatal: true });

// No request body of ours has more than a few dozen keys, but an object of 50,000 keys costs ~100 ms
// in JSON.parse and as much again in validation, on the event loop. Counting '":' (every key ends
// with it; a string holding it counts too, so the bound is loose) costs ~1 ms per MB.
const MAX_JSON_KEYS = 10_000;

function tooManyKeys(text: string): boolean {
  let n = 0;
  for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 2)) if (++n > MAX_JSON_KEYS) return true;
  return false;
}

export function installStrictJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(Object.assign(new Error('body: is not valid UTF-8'), { statusCode: 400 }), undefined);
      return;
    }
    if (tooManyKeys(text)) {
      done(Object.assign(new Error(`body: more than ${MAX_JSON_KEYS} keys`), { statusCode: 400 }), undefined);
      return;
    }
    parseJson(req, text, done);
  });
}
