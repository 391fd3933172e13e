import type { FastifyInstance } from 'fastify';

// Fastify decodes a JSON body as UTF-8 with replacement, so bytes that are not UTF-8 would be stored as
// U+FFFD without a word. Decode strictly and refuse the body instead; then parse as fastify would
// (its parser also refuses __proto__ and constructor.prototype keys).
const utf8 = new TextDecoder('utf-8', { fatal: true });

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
    parseJson(req, text, done);
  });
}
